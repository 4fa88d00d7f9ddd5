import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { rowsOf } from "#db/connect";
import { inTransaction, startBoss } from "~/queue/boss.server";
import { createLogger } from "~/logger.server";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";

describeEachDatabase("pg-boss on the portal's database", (kind) => {
  let database: TestDatabase;
  let boss: PgBoss;
  beforeEach(async () => {
    database = await freshDatabase(kind);
    boss = await startBoss(database, database.url, createLogger("silent"));
    await boss.createQueue("test-queue");
  });
  afterEach(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.dispose();
  });

  it("commits a job with the transaction that sent it, and never when it rolls back", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await boss.send("test-queue", { n: 1 }, inTransaction(tx));
    });
    await database.db
      .transaction(async (tx) => {
        await boss.send("test-queue", { n: 2 }, inTransaction(tx));
        throw new Error("roll back");
      })
      .catch(() => {});
    const jobs = await boss.fetch<{ n: number }>("test-queue", { batchSize: 10 });
    expect(jobs.map((j) => j.data.n)).toEqual([1]);
    const rows = await rowsOf<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from pgboss.job where name = 'test-queue'`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});
