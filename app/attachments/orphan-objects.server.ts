import { inArray } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { attachment } from "#db/schema";
import type { FileStore } from "./file-store.server";

/**
 * An object is written before its row (the row goes in once the whole request is read), so a
 * fresh object without a row may be an upload still in progress; after a day it is not.
 */
export const ORPHAN_OBJECT_GRACE_MS = 24 * 3_600_000;
const BATCH = 500;

/**
 * Deletes stored objects that no attachment row names, once older than the grace period: left by
 * an upload whose row was never written (the database went away between the two). They are
 * ciphertext whose key was never saved, so nobody can read them; they only take space.
 * Returns how many went (the retention run's audit event counts them).
 */
export async function removeOrphanObjects(db: Executor, files: FileStore, now: Date): Promise<number> {
  let removed = 0;
  let batch: string[] = [];
  const sweep = async () => {
    const known = new Set(
      (
        await db.select({ key: attachment.storageKey }).from(attachment).where(inArray(attachment.storageKey, batch))
      ).map((r) => r.key),
    );
    for (const key of batch.filter((k) => !known.has(k))) {
      await files.delete(key);
      removed++;
    }
    batch = [];
  };
  for await (const object of files.list()) {
    if (now.getTime() - object.writtenAt.getTime() < ORPHAN_OBJECT_GRACE_MS) continue;
    batch.push(object.key);
    if (batch.length === BATCH) await sweep();
  }
  if (batch.length) await sweep();
  return removed;
}
