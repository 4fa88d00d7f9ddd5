import { and, asc, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { attachment, draft, submission } from "#db/schema";
import { attachmentRow } from "../attachments/attachment-row.server";
import { copyStoredFile, type CopiedFile } from "../attachments/copy-file.server";
import type { RefusedFile } from "../attachments/receive-upload.server";
import { audit } from "../audit/audit.server";
import { openText } from "../crypto/envelope";
import type { RequestContext } from "../load-context";
import type { DocumentRule, EServiceDefinition } from "./definition";

/**
 * Reusing a document: a repeat applicant confirms that what they sent for a rule with an
 * earlier submission is unchanged. The earlier files are copied into the draft as if uploaded
 * again, so the new submission hands them to the robot as its own attachments and keeps them
 * whatever retention later does to the earlier submission.
 */

type AttachmentRow = typeof attachment.$inferSelect;

export interface EarlierSubmission {
  reference: string;
  submittedAt: Date;
  files: AttachmentRow[];
}

/** How many earlier submissions are offered, newest first. */
const OFFERED = 3;

/** Sent, and neither withdrawn nor declined. */
const reusableStatuses = ["received", "registered", "supplement_requested", "closed"] as const;

/**
 * The person's own files for this rule, sent with their own earlier submissions of this service
 * that the portal still holds (retention deletes a submission with its files), by submission.
 */
export async function earlierSubmissions(
  db: Executor,
  personId: string,
  definition: EServiceDefinition,
  rule: DocumentRule,
): Promise<EarlierSubmission[]> {
  if (!rule.reusable) return [];
  const rows = await db
    .select({ file: attachment, reference: submission.reference, submittedAt: submission.submittedAt })
    .from(attachment)
    .innerJoin(submission, eq(submission.id, attachment.submissionId))
    .where(
      and(
        eq(attachment.personId, personId),
        eq(submission.personId, personId),
        eq(attachment.ruleId, rule.id),
        // A supplement's files answer a message, not the rule.
        isNull(attachment.messageId),
        eq(submission.serviceId, definition.id),
        isNotNull(submission.submittedAt),
        inArray(submission.status, reusableStatuses),
      ),
    )
    .orderBy(desc(submission.submittedAt), asc(attachment.createdAt), asc(attachment.id));
  const bySubmission = new Map<string, EarlierSubmission>();
  for (const { file, reference, submittedAt } of rows) {
    const entry = bySubmission.get(reference) ?? { reference, submittedAt: submittedAt!, files: [] };
    entry.files.push(file);
    bySubmission.set(reference, entry);
  }
  return [...bySubmission.values()].slice(0, OFFERED);
}

/** Whether files hold exactly the earlier files' content (the copies, or the same files uploaded again). */
export function sameContent(files: { sha256: string }[], earlier: { sha256: string }[]): boolean {
  const hashes = (list: { sha256: string }[]) =>
    list
      .map((f) => f.sha256)
      .sort()
      .join();
  return files.length === earlier.length && hashes(files) === hashes(earlier);
}

/**
 * Copies the earlier submission's files for the rule into the draft, within the draft's limits
 * as an upload would be, and audits each copy. All or nothing: the first file that could not be
 * copied is returned, and then nothing is kept. Nothing is copied either when the rule has files by then
 * (an upload in the same post, or the same choice posted twice at once).
 */
export async function copyIntoDraft(
  context: RequestContext,
  draftId: string,
  personId: string,
  rule: DocumentRule,
  earlier: EarlierSubmission,
): Promise<RefusedFile[]> {
  const { services } = context;
  const { db } = services.database;
  const { keyring } = services.config.secrets;
  const limits = services.config.attachments;
  const store = services.files;
  const held = await db.select({ size: attachment.sizeBytes }).from(attachment).where(eq(attachment.draftId, draftId));
  let count = held.length;
  let bytes = held.reduce((sum, f) => sum + f.size, 0);

  const copies: { copy: CopiedFile; source: AttachmentRow }[] = [];
  const refused: RefusedFile[] = [];
  for (const source of earlier.files) {
    const limit =
      count >= limits.maxFiles
        ? "too_many_files"
        : bytes + source.sizeBytes > limits.maxTotalBytes
          ? "total_too_large"
          : null;
    const result = limit
      ? ({ ok: false, reason: limit } as const)
      : await copyStoredFile(source, { keyring, store, scanner: services.scanner }, limits.maxFileBytes);
    if (!result.ok) {
      const filename = openText(keyring, source.filenameSealed, `attachment.filename:${source.id}`);
      refused.push({ field: `file-${rule.id}`, filename, reason: result.reason });
      break;
    }
    copies.push({ copy: result.file, source });
    count++;
    bytes += result.file.stored.size;
  }

  let kept = false;
  try {
    kept =
      refused.length === 0 &&
      (await db.transaction(async (tx) => {
        // The draft's row serialises reuse, so a double click copies once.
        await tx.select({ id: draft.id }).from(draft).where(eq(draft.id, draftId)).for("update");
        const [taken] = await tx
          .select({ id: attachment.id })
          .from(attachment)
          .where(and(eq(attachment.draftId, draftId), eq(attachment.ruleId, rule.id)))
          .limit(1);
        if (taken) return false;
        for (const { copy, source } of copies) {
          await tx.insert(attachment).values(attachmentRow(keyring, copy, { personId, draftId, ruleId: rule.id }));
          await audit(tx, {
            actor: { kind: "person", id: personId },
            action: "attachment_reused",
            subject: { kind: "attachment", id: copy.id },
            details: { rule: rule.id, reference: earlier.reference, from: source.id },
          });
        }
        return true;
      }));
  } finally {
    // Objects without a row are found by nobody, retention included.
    if (!kept) await Promise.all(copies.map(({ copy }) => store.delete(copy.storageKey).catch(() => {})));
  }
  return refused;
}
