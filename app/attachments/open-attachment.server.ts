import { Readable } from "node:stream";
import type { attachment } from "#db/schema";
import { openText, unwrapDataKey, type Keyring } from "../crypto/envelope";
import { createDecryptStream } from "./file-crypto.server";
import type { FileStore } from "./file-store.server";

type AttachmentRow = typeof attachment.$inferSelect;

/**
 * A stored file's plaintext as it streams. Rejects when the object is missing; the stream fails
 * (never passing on an unauthenticated byte) when the object does not decrypt.
 */
export async function openStoredFile(
  store: FileStore,
  keyring: Keyring,
  file: Pick<AttachmentRow, "id" | "storageKey" | "keyId" | "wrappedKey" | "noncePrefix">,
): Promise<Readable> {
  const dataKey = unwrapDataKey(keyring, file.keyId, file.wrappedKey);
  const encrypted = await store.get(file.storageKey);
  const plain = encrypted.pipe(
    createDecryptStream(dataKey, `attachment:${file.id}`, { noncePrefix: file.noncePrefix }),
  );
  encrypted.on("error", (error) => plain.destroy(error));
  return plain;
}

/**
 * An attachment as an HTTP response: decrypted as it streams, never held whole in memory,
 * offered as a download under its sanitised name so a browser never renders it inline.
 */
export async function attachmentResponse(store: FileStore, keyring: Keyring, file: AttachmentRow): Promise<Response> {
  const plain = await openStoredFile(store, keyring, file);
  const filename = openText(keyring, file.filenameSealed, `attachment.filename:${file.id}`);
  return new Response(Readable.toWeb(plain) as ReadableStream, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": `attachment; filename="${asciiName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    },
  });
}

/** The name for old clients that read only the ASCII filename parameter. */
const asciiName = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
