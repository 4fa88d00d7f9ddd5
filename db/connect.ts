import { existsSync, mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { migrationsFolder, expectedMigrationCount } from "./migrations-folder";
import { initialisePgliteDir, pgliteSettings } from "./pglite-footprint";
import * as schema from "./schema";

/**
 * The one place that picks the embedded PGlite or a real PostgreSQL.
 * Everything above this module sees the same drizzle database and the same SQL.
 */

export type Schema = typeof schema;
export type AppDatabase = PgDatabase<PgQueryResultHKT, Schema>;
export type AppTransaction = PgTransaction<PgQueryResultHKT, Schema>;
/** A database or an open transaction: what a repository function runs its statements on. */
export type Executor = AppDatabase | AppTransaction;

export type DatabaseTarget =
  { kind: "pglite"; dir: string } | { kind: "pglite-memory"; from?: PGlite } | { kind: "postgres"; url: string };

export interface Database {
  kind: "pglite" | "postgres";
  db: AppDatabase;
  /** The raw PGlite instance, when embedded (tests clone it). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/** Advisory lock key that serialises migrations between several portal processes. */
const MIGRATION_LOCK = 7_262_001;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    // node-postgres, the driver pg-boss uses too (docs/decisions/009-node-postgres.md). A
    // connection the server dropped (a restart, a failover) fails only the queries on it, and
    // the pool opens a new one for the next: the portal needs no restart.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      application_name: "ingang",
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    // A connection the server closed is reported as an 'error' event, on the pool while idle and
    // on the client while checked out (between a transaction's statements); with no listener it
    // would end the process. The query on it fails, the pool drops it, and the next query gets a
    // new connection.
    pool.on("error", () => {});
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = drizzlePostgres(pool, { schema });
    return {
      kind: "postgres",
      db: db as unknown as AppDatabase,
      close: () => pool.end(),
    };
  }
  let pglite: PGlite;
  if (target.kind === "pglite") {
    if (!existsSync(target.dir)) mkdirSync(target.dir, { recursive: true });
    await initialisePgliteDir(target.dir);
    pglite = await PGlite.create(target.dir, { postgresqlconf: pgliteSettings });
  } else {
    pglite = target.from ? ((await target.from.clone()) as PGlite) : await PGlite.create();
  }
  const db = drizzlePglite(pglite, { schema });
  return {
    kind: "pglite",
    db: db as unknown as AppDatabase,
    pglite,
    close: () => pglite.close(),
  };
}

/** Applies every migration not yet applied; safe to run from several processes at once. */
export async function migrate(database: Database, url?: string): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // Migrations must hold one connection for the lock and the statements alike.
  const client = new pg.Client({ connectionString: url!, application_name: "ingang-migrate" });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  } finally {
    await client.end();
  }
}

/** True when the database answers and holds every migration this build ships. */
export async function isMigrated(db: Executor): Promise<boolean> {
  const rows = await rowsOf(db, sql`select count(*)::int as applied from drizzle.__drizzle_migrations`).catch(() => [
    { applied: -1 },
  ]);
  return (rows[0] as { applied: number }).applied === expectedMigrationCount();
}

/** The result rows of a raw statement, whichever driver ran it. */
export async function rowsOf<T = Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** Values as node-postgres would send them: undefined is NULL, plain objects are JSON. */
function asParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value)
  ) {
    return JSON.stringify(value);
  }
  return value;
}

/**
 * Runs text with $1-style parameters through drizzle on a database or transaction.
 * pg-boss speaks this shape; going through drizzle keeps its statements inside our transactions.
 */
export async function executeSql(db: Executor, text: string, values: unknown[] = []) {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(part));
    else chunks.push(sql`${sql.param(asParameter(values[Number(part) - 1]))}`);
  });
  return { rows: await rowsOf(db, sql.join(chunks, sql.raw(""))) };
}
