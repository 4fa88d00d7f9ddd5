import type { attachment } from "#db/schema";
import { seal, type Keyring } from "../crypto/envelope";
import type { ReceivedFile } from "./receive-upload.server";

/** Where a received file belongs: a draft's rule, or a submission (and the message it came with). */
export type AttachmentLinks = Pick<
  typeof attachment.$inferInsert,
  "personId" | "draftId" | "submissionId" | "messageId" | "ruleId"
>;

/** The database row for a stored file: its name sealed, its data key wrapped, never the bytes. */
export function attachmentRow(
  keyring: Keyring,
  file: Pick<ReceivedFile, "id" | "storageKey" | "filename" | "stored">,
  links: AttachmentLinks,
): typeof attachment.$inferInsert {
  return {
    id: file.id,
    ...links,
    filenameSealed: seal(keyring, file.filename, `attachment.filename:${file.id}`),
    contentType: file.stored.contentType,
    sizeBytes: file.stored.size,
    sha256: file.stored.sha256,
    storageKey: file.storageKey,
    keyId: file.stored.keyId,
    wrappedKey: file.stored.wrappedKey,
    noncePrefix: file.stored.noncePrefix,
  };
}
