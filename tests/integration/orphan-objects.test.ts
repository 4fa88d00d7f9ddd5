import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { attachment, auditEvent } from "#db/schema";
import { LocalFileStore } from "~/attachments/file-store.server";
import { ORPHAN_OBJECT_GRACE_MS, removeOrphanObjects } from "~/attachments/orphan-objects.server";
import { runRetention } from "~/intake/retention.server";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";

/**
 * An upload cut off by an outage can leave an object in the store with no row: ciphertext whose
 * key was never saved. Retention deletes such objects once they are a day old (an upload still in
 * progress has no row yet either), keeps every object a row names, and counts them in its run.
 */
describeEachDatabase("objects in the file store without a row", (kind) => {
  let database: TestDatabase;
  let dir: string;
  let store: LocalFileStore;
  beforeEach(async () => {
    database = await freshDatabase(kind);
    dir = mkdtempSync(path.join(tmpdir(), "ingang-orphans-"));
    store = new LocalFileStore(dir);
  });
  afterEach(() => database?.dispose());

  const put = (key: string) => store.put(key, Readable.from([Buffer.from("ciphertext")]));

  it("are deleted after the grace period; objects a row names are kept", async () => {
    await put("withrow");
    await put("orphan1");
    await put("orphan2");
    await database.db.insert(attachment).values({
      id: randomUUID(),
      filenameSealed: "x",
      contentType: "application/pdf",
      sizeBytes: 10,
      sha256: "0".repeat(64),
      storageKey: "withrow",
      keyId: "k",
      wrappedKey: "x",
      noncePrefix: "x",
    });
    // Fresh: perhaps an upload whose row is about to be written.
    expect(await removeOrphanObjects(database.db, store, new Date())).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["orphan1", "orphan2", "withrow"]);

    const later = new Date(Date.now() + ORPHAN_OBJECT_GRACE_MS + 60_000);
    expect(await removeOrphanObjects(database.db, store, later)).toBe(2);
    expect(readdirSync(dir)).toEqual(["withrow"]);

    // The hourly retention run does it too, counted with the loose files in its audit event
    // (here also the row above, which belongs to nothing and goes after its own hour).
    await put("orphan3");
    const run = await runRetention(database.db, store, later);
    expect(run.orphanFiles).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const [event] = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "retention_run"));
    expect(event!.details).toMatchObject({ orphanFiles: 2 });
  });
});
