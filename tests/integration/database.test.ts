import { sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { executeSql, isMigrated, rowsOf } from "#db/connect";
import { auditEvent } from "#db/schema";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";

describeEachDatabase("database", (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await freshDatabase(kind);
  });
  afterEach(() => database.dispose());

  it("is migrated to exactly the migrations this build ships", async () => {
    expect(await isMigrated(database.db)).toBe(true);
  });

  it("keeps the audit log append-only: rows can be added, never changed or removed", async () => {
    const db = database.db;
    await db.insert(auditEvent).values({ actorKind: "system", action: "test" });
    await expect(db.update(auditEvent).set({ action: "changed" })).rejects.toThrow();
    await expect(db.delete(auditEvent)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_event`)).rejects.toThrow();
    const rows = await db.select().from(auditEvent);
    expect(rows.map((r) => r.action)).toEqual(["test"]);
  });

  it("runs $n-parameter SQL inside a transaction and rolls it back with it", async () => {
    await database.db
      .transaction(async (tx) => {
        await executeSql(tx, "insert into audit_event (actor_kind, action, details) values ($1, $2, $3)", [
          "system",
          "inside",
          JSON.stringify({ n: 1 }),
        ]);
        const { rows } = await executeSql(tx, "select count(*)::int as n from audit_event where action = $1", [
          "inside",
        ]);
        expect(rows[0]).toEqual({ n: 1 });
        throw new Error("roll back");
      })
      .catch(() => {});
    const rows = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from audit_event`);
    expect(rows[0]!.n).toBe(0);
  });
});
