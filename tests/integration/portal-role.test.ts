import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMigrated } from "#db/connect";
import { audit } from "~/audit/audit.server";
import { loadConfig } from "~/config.server";
import { createLogger } from "~/logger.server";
import { startServices, type Services } from "~/services.server";
import { withDatabase } from "../support/postgres-template";

const base = process.env.TEST_DATABASE_URL;

/**
 * The portal runs as a role that may only add to and read the audit log: the table's owner is
 * another role (the one migrations run as), so the portal's cannot disable the append-only
 * triggers, nor delete, change or empty the log, nor create anything. A database and two roles
 * of this test's own, made and dropped here; the shared database's settings are never touched.
 */
describe.skipIf(!base && !process.env.CI)("the portal's database role [postgres]", () => {
  const suffix = randomBytes(4).toString("hex");
  const name = `ingang_role_${suffix}`;
  const ownerRole = `ingang_owner_${suffix}`;
  const portalRole = `ingang_portal_${suffix}`;
  const as = (role: string) => {
    const u = new URL(withDatabase(base!, name));
    u.username = role;
    u.password = "";
    return u.toString();
  };
  let admin: postgres.Sql;
  let services: Services | undefined;
  let portal: pg.Client;

  beforeAll(async () => {
    if (!base) throw new Error("CI must run the role test on PostgreSQL: set TEST_DATABASE_URL");
    admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${ownerRole} login`);
    await admin.unsafe(`create role ${portalRole} login`);
    await admin.unsafe(`create database ${name} owner ${ownerRole}`);
    const config = loadConfig({
      APP_ENV: "test",
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "ingang-role-")),
      DATABASE_URL: as(portalRole),
      DATABASE_MIGRATION_URL: as(ownerRole),
    });
    // Sets the database up as the owner, grants the portal's role, then runs as that role.
    services = await startServices(config, createLogger("silent"));
    portal = new pg.Client({ connectionString: as(portalRole) });
    await portal.connect();
  });
  afterAll(async () => {
    await portal?.end();
    await services?.stop();
    if (!admin) return;
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`drop role if exists ${portalRole}`);
    await admin.unsafe(`drop role if exists ${ownerRole}`);
    await admin.end();
  });

  const refusal = (statement: string) =>
    portal.query(statement).then(
      () => "allowed",
      (error: { code?: string }) => error.code,
    );

  it("runs the portal, which adds to and reads the audit log", async () => {
    const { db } = services!.database;
    expect(await isMigrated(db)).toBe(true);
    await audit(db, { actor: { kind: "system" }, action: "role_test" });
    const { rows } = await portal.query("select action from audit_event where action = 'role_test'");
    expect(rows).toEqual([{ action: "role_test" }]);
    // pg-boss works on rows the owner's setting-up made.
    expect(await services!.boss.getQueue("intake.mottagning-barn-unga")).toBeTruthy();
  });

  it("cannot disable the triggers, nor change, delete or empty the log, nor create anything", async () => {
    for (const statement of [
      "alter table audit_event disable trigger all",
      "alter table audit_event disable trigger audit_event_append_only",
      "delete from audit_event",
      "update audit_event set action = 'changed'",
      "truncate audit_event",
      "drop table audit_event",
      "create table public.shadow (id int)",
      "create schema shadow",
      "create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$ begin return null; end $$",
    ]) {
      expect([statement, await refusal(statement)]).toEqual([statement, "42501"]);
    }
    const { rows } = await portal.query("select count(*)::int as n from audit_event where action = 'role_test'");
    expect(rows).toEqual([{ n: 1 }]);
    // The owner is still stopped by the triggers: the log is append-only for everyone.
    const owner = postgres(as(ownerRole), { max: 1, onnotice: () => {} });
    await expect(owner.unsafe("delete from audit_event")).rejects.toThrow(/append-only/);
    await owner.end();
  });
});
