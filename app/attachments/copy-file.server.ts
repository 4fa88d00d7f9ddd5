import { randomUUID } from "node:crypto";
import type { attachment } from "#db/schema";
import { openText, type Keyring } from "../crypto/envelope";
import type { FileStore } from "./file-store.server";
import { openStoredFile } from "./open-attachment.server";
import type { ReceivedFile } from "./receive-upload.server";
import type { VirusScanner } from "./virus-scan.server";
import { storeFile, type StoreFailure } from "./store-file.server";

export type CopiedFile = Pick<ReceivedFile, "id" | "storageKey" | "filename" | "stored">;

/**
 * A stored file again under a new id, as if uploaded anew: decrypted as it streams and passed
 * through storeFile, so the copy has its own data key, nonce and object and outlives the
 * original. It is scanned again like an upload: the original may have been scanned months ago,
 * before today's signatures. The copy must have the same SHA-256. The caller records the copy
 * with attachmentRow.
 */
export async function copyStoredFile(
  source: typeof attachment.$inferSelect,
  deps: { keyring: Keyring; store: FileStore; scanner: VirusScanner | null },
  maxBytes: number,
): Promise<{ ok: true; file: CopiedFile } | { ok: false; reason: StoreFailure }> {
  const id = randomUUID();
  const storageKey = randomUUID().replace(/-/g, "");
  const plain = await openStoredFile(deps.store, deps.keyring, source).catch(() => null);
  if (!plain) return { ok: false, reason: "storage_failed" };
  const stored = await storeFile(plain, {
    ...deps,
    maxBytes,
    context: `attachment:${id}`,
    key: storageKey,
  }).catch(() => ({ ok: false as const, reason: "storage_failed" as const }));
  if (!stored.ok) return stored;
  if (stored.sha256 !== source.sha256) {
    await deps.store.delete(storageKey).catch(() => {});
    return { ok: false, reason: "truncated" };
  }
  const filename = openText(deps.keyring, source.filenameSealed, `attachment.filename:${source.id}`);
  return { ok: true, file: { id, storageKey, filename, stored } };
}
