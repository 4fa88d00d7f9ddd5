import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf } from "#db/connect";
import { fileReport } from "../support/http-person";
import { startPortal, type PortalProcess } from "../support/portal-process";

/**
 * Nothing lost, nothing twice: a burst of reports while the portal is killed with SIGKILL and
 * restarted. Afterwards every receipt a person got has exactly one queue item, and an item
 * without a receipt can only be a report whose last request was cut off by the kill (committed,
 * but the answer never reached the person). In the database itself, every submission has
 * exactly one queue item, job and "received" event, and no draft outlives its submission.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const PEOPLE = 6;

function cli(name: string, args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(root, "build", "cli", `${name}.js`), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

interface Burst {
  receipts: string[];
  /** Reports whose final post was on its way when the portal died. */
  cutOff: number;
}

/** People filing reports until the portal goes away: killed once `receiptsBeforeKill` receipts are out. */
async function burstUntilKilled(portal: PortalProcess, receiptsBeforeKill: number): Promise<Burst> {
  const receipts: string[] = [];
  let cutOff = 0;
  let alive = true;
  const people = Array.from({ length: PEOPLE }, async (_, i) => {
    while (alive) {
      let sending = false;
      try {
        receipts.push(await fileReport(portal.url, { acute: i % 3 === 0, onSending: () => (sending = true) }));
      } catch {
        if (sending) cutOff++;
        return;
      }
    }
  });
  const deadline = Date.now() + 90_000;
  while (receipts.length < receiptsBeforeKill && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // Mid-flight: some people are between steps, some on their final post.
  await new Promise((r) => setTimeout(r, Math.random() * 200));
  alive = false;
  await portal.stop("SIGKILL");
  await Promise.all(people);
  return { receipts, cutOff };
}

const databases: { name: string; url?: string }[] = [{ name: "PGlite" }];
if (process.env.TEST_DATABASE_URL) databases.push({ name: "PostgreSQL", url: process.env.TEST_DATABASE_URL });

describe.each(databases)("a portal killed with SIGKILL during a burst of reports, on $name", ({ url }) => {
  it("keeps exactly one queue item for every receipt, and no item nobody could have sent", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-e2e-crash-"));
    const out = mkdtempSync(path.join(tmpdir(), "ingang-e2e-crash-out-"));
    const env: Record<string, string> = { DATA_DIR: dataDir };
    let admin: ReturnType<typeof postgres> | undefined;
    let dbName: string | undefined;
    if (url) {
      admin = postgres(url, { max: 1, onnotice: () => {} });
      dbName = `ingang_crash_${process.pid}`;
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.unsafe(`create database ${dbName}`);
      const u = new URL(url);
      u.pathname = `/${dbName}`;
      env.DATABASE_URL = u.toString();
    }
    let portal: PortalProcess | undefined;
    try {
      const created = await cli(
        "robot-token",
        ["create", "--name", "Krasch", "--queue", "mottagning-vuxna", "--json"],
        env,
      );
      const { token } = JSON.parse(created.stdout) as { token: string };

      const bursts: Burst[] = [];
      for (const receiptsBeforeKill of [8, 4]) {
        portal = await startPortal(env);
        bursts.push(await burstUntilKilled(portal, receiptsBeforeKill));
      }
      portal = await startPortal(env);
      // One more report after the restarts: the portal works normally again.
      const after = await fileReport(portal.url);

      const receipts = [...bursts.flatMap((b) => b.receipts), after];
      const cutOff = bursts.reduce((n, b) => n + b.cutOff, 0);
      expect(bursts.every((b) => b.receipts.length > 0)).toBe(true);
      expect(new Set(receipts).size).toBe(receipts.length);

      const drained = await cli(
        "reference-robot",
        ["--url", portal.url, "--queue", "mottagning-vuxna", "--out", out, "--batch", "10"],
        { ROBOT_TOKEN: token },
      );
      const lines = drained.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { reference?: string; outcome?: string });
      const items = lines.filter((l) => l.reference).map((l) => l.reference!);
      expect(lines.filter((l) => l.outcome && l.outcome !== "completed")).toEqual([]);

      // Exactly one item per receipt …
      const counts = new Map<string, number>();
      for (const reference of items) counts.set(reference, (counts.get(reference) ?? 0) + 1);
      expect(receipts.filter((r) => counts.get(r) !== 1)).toEqual([]);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      // … and every item a receipt, but for reports whose answer the kill cut off.
      const unreceipted = items.filter((r) => !receipts.includes(r));
      expect(unreceipted.length).toBeLessThanOrEqual(cutOff);

      // The rows themselves, read once the portal has stopped (PGlite opens in one process only).
      await portal.stop();
      const database = await openDatabase(
        env.DATABASE_URL
          ? { kind: "postgres", url: env.DATABASE_URL }
          : { kind: "pglite", dir: path.join(dataDir, "pglite") },
      );
      try {
        const rows = await rowsOf<{ reference: string; items: number; jobs: number; received: number; drafts: number }>(
          database.db,
          sql`select s.reference,
                (select count(*)::int from robot_item r where r.submission_id = s.id) as items,
                (select count(*)::int from pgboss.job j join robot_item r on r.id = j.id
                  where r.submission_id = s.id and j.name like 'intake.%' and j.name <> 'intake.dead-letter') as jobs,
                (select count(*)::int from submission_event e where e.submission_id = s.id and e.kind = 'received') as received,
                (select count(*)::int from draft d where d.id = s.draft_id) as drafts
              from submission s`,
        );
        expect(rows.filter((r) => r.items !== 1 || r.jobs !== 1 || r.received !== 1 || r.drafts !== 0)).toEqual([]);
        expect(rows.map((r) => r.reference).sort()).toEqual([...items].sort());
      } finally {
        await database.close();
      }
    } finally {
      await portal?.stop();
      if (admin) {
        await admin.unsafe(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
