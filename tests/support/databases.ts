import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { describe, inject } from "vitest";
import { migrate, openDatabase, type Database } from "#db/connect";
import { withDatabase } from "./postgres-template";

export type DatabaseKind = "pglite" | "postgres";

export interface TestDatabase extends Database {
  /** The connection URL, for PostgreSQL: what a second process would connect with. */
  url?: string;
  dispose(): Promise<void>;
}

let pgliteTemplate: Promise<PGlite> | undefined;

/** One migrated PGlite per test worker; each test gets a clone of it. */
function template(): Promise<PGlite> {
  pgliteTemplate ??= (async () => {
    const database = await openDatabase({ kind: "pglite-memory" });
    await migrate(database);
    return database.pglite!;
  })();
  return pgliteTemplate;
}

/** A fresh, migrated, empty database of the given kind. */
export async function freshDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await openDatabase({ kind: "pglite-memory", from: await template() });
    return { ...database, dispose: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `ingang_t_${inject("postgresTemplate")!.slice("ingang_tpl_".length)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject("postgresTemplate")}`);
  const url = withDatabase(base, name);
  const database = await openDatabase({ kind: "postgres", url });
  return {
    ...database,
    url,
    dispose: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The database kinds this run tests against: PGlite always, PostgreSQL when configured. */
export function databaseKinds(): DatabaseKind[] {
  return inject("postgresTemplate") ? ["pglite", "postgres"] : ["pglite"];
}

/** Runs a suite once per database kind. */
export function describeEachDatabase(name: string, suite: (kind: DatabaseKind) => void) {
  for (const kind of databaseKinds()) describe(`${name} [${kind}]`, () => suite(kind));
}
