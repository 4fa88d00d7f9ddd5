import PgBoss from "pg-boss";
import { executeSql, type Database, type Executor } from "#db/connect";
import type { Logger } from "../logger.server";

/**
 * pg-boss over whichever database the portal runs on. On PostgreSQL it keeps its own pool; on
 * the embedded PGlite it speaks through the one PGlite connection. Jobs that must commit with
 * other rows are sent with `inTransaction(tx)`, so they share the caller's transaction.
 */
/** The schema pg-boss keeps its tables in. */
export const BOSS_SCHEMA = "pgboss";

export async function startBoss(database: Database, url: string | undefined, logger: Logger): Promise<PgBoss> {
  const common = {
    schema: BOSS_SCHEMA,
    // Housekeeping every 30 s: leases that expired go back to their queue promptly.
    maintenanceIntervalSeconds: 30,
  };
  const boss =
    database.kind === "postgres"
      ? new PgBoss({ connectionString: url!, max: 5, application_name: "ingang-queue", ...common })
      : new PgBoss({ db: pgliteAdapter(database), ...common });
  boss.on("error", (error) => logger.error({ err: error }, "queue error"));
  await boss.start();
  return boss;
}

function pgliteAdapter(database: Database): PgBoss.Db {
  const pglite = database.pglite!;
  return {
    async executeSql(text, values) {
      // pg-boss sends multi-statement scripts without parameters; those need exec().
      if (values && values.length) return pglite.query(text, values);
      const results = await pglite.exec(text);
      return results.at(-1) ?? { rows: [] };
    },
  };
}

/**
 * Sends a job and insists it was written: pg-boss quietly writes nothing for a queue that does
 * not exist, and a notice or alert that silently never exists is a lost one.
 */
export async function sendJob(boss: PgBoss, name: string, data: object, options: PgBoss.SendOptions): Promise<string> {
  const id = await boss.send(name, data, options);
  if (!id) throw new Error(`the job queue "${name}" refused the job`);
  return id;
}

/** pg-boss's connection option that runs its statements inside a drizzle transaction. */
export function inTransaction(tx: Executor): { db: PgBoss.Db } {
  return { db: { executeSql: (text, values) => executeSql(tx, text, values ?? []) } };
}
