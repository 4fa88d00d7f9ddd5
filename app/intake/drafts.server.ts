import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { draft } from "#db/schema";
import { audit } from "../audit/audit.server";
import { openJson, sealJson, type Keyring } from "../crypto/envelope";
import type { AnswersSoFar } from "./fields";

/** Whose a draft is: a logged-in person, or the anonymous browser holding a token. */
export type DraftOwner = { personId: string } | { anonymousTokenHash: string };

export interface Draft {
  id: string;
  serviceId: string;
  serviceVersion: number;
  owner: DraftOwner;
  answers: AnswersSoFar;
  updatedAt: Date;
  expiresAt: Date;
}

const context = (id: string) => `draft.answers:${id}`;

function ownerMatches(row: typeof draft.$inferSelect, owner: DraftOwner): boolean {
  return "personId" in owner ? row.personId === owner.personId : row.anonymousTokenHash === owner.anonymousTokenHash;
}

export async function createDraft(
  db: Executor,
  keyring: Keyring,
  service: { id: string; version: number },
  owner: DraftOwner,
  answers: AnswersSoFar,
  retentionDays: number,
): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(draft).values({
    id,
    serviceId: service.id,
    serviceVersion: service.version,
    personId: "personId" in owner ? owner.personId : null,
    anonymousTokenHash: "anonymousTokenHash" in owner ? owner.anonymousTokenHash : null,
    answersSealed: sealJson(keyring, answers, context(id)),
    expiresAt: new Date(Date.now() + retentionDays * 86_400_000),
  });
  return id;
}

/** The draft, if it exists, has not expired and belongs to `owner`; otherwise null (a 404 to the caller). */
export async function loadDraft(db: Executor, keyring: Keyring, id: string, owner: DraftOwner): Promise<Draft | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row] = await db
    .select()
    .from(draft)
    .where(and(eq(draft.id, id), gt(draft.expiresAt, new Date())));
  if (!row || !ownerMatches(row, owner)) return null;
  return {
    id: row.id,
    serviceId: row.serviceId,
    serviceVersion: row.serviceVersion,
    owner,
    answers: openJson<AnswersSoFar>(keyring, row.answersSealed, context(row.id)),
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
  };
}

/**
 * The person's newest unexpired draft of this service (of any version: see draft-version.server.ts)
 * that `resumable` accepts, or null. Only for a logged-in person: an anonymous draft is tied to a
 * browser, which may be shared.
 */
export async function latestResumableDraft(
  db: Executor,
  keyring: Keyring,
  service: { id: string; resumable?: (answers: AnswersSoFar) => boolean },
  personId: string,
): Promise<Draft | null> {
  const rows = await db
    .select({ id: draft.id })
    .from(draft)
    .where(and(eq(draft.personId, personId), eq(draft.serviceId, service.id), gt(draft.expiresAt, new Date())))
    .orderBy(desc(draft.updatedAt))
    .limit(10);
  for (const row of rows) {
    const found = await loadDraft(db, keyring, row.id, { personId });
    if (found && (service.resumable?.(found.answers) ?? true)) return found;
  }
  return null;
}

/** Saves the answers and starts the retention period again: a draft in use is not abandoned. */
export async function saveDraftAnswers(
  db: Executor,
  keyring: Keyring,
  id: string,
  answers: AnswersSoFar,
  retentionDays: number,
): Promise<void> {
  await db
    .update(draft)
    .set({
      answersSealed: sealJson(keyring, answers, context(id)),
      updatedAt: new Date(),
      expiresAt: new Date(Date.now() + retentionDays * 86_400_000),
    })
    .where(eq(draft.id, id));
}

export async function listDrafts(db: Executor, personId: string) {
  return db
    .select({ id: draft.id, serviceId: draft.serviceId, updatedAt: draft.updatedAt, expiresAt: draft.expiresAt })
    .from(draft)
    .where(and(eq(draft.personId, personId), gt(draft.expiresAt, new Date())))
    .orderBy(desc(draft.updatedAt));
}

/**
 * Whether a draft with this id exists and is someone else's: a refusal worth recording, unlike a
 * draft of one's own that was sent or expired.
 */
export async function draftHeldByOther(db: Executor, id: string, owner: DraftOwner | null): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return false;
  const [row] = await db.select().from(draft).where(eq(draft.id, id));
  return !!row && (!owner || !ownerMatches(row, owner));
}

export async function deleteDraft(db: Executor, id: string, owner: DraftOwner): Promise<boolean> {
  const condition =
    "personId" in owner ? eq(draft.personId, owner.personId) : eq(draft.anonymousTokenHash, owner.anonymousTokenHash);
  const removed = await db
    .delete(draft)
    .where(and(eq(draft.id, id), condition))
    .returning({ id: draft.id });
  return removed.length > 0;
}

/**
 * Deletes drafts past their retention (gallring), one audit record per deletion naming the
 * draft and the rule, never its content. Returns how many went.
 */
export async function deleteExpiredDrafts(db: Executor, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(draft)
      .where(lt(draft.expiresAt, now))
      .returning({ id: draft.id, serviceId: draft.serviceId, expiresAt: draft.expiresAt });
    for (const row of removed) {
      await audit(tx, {
        actor: { kind: "system" },
        action: "draft_deleted",
        subject: { kind: "draft", id: row.id },
        details: { service: row.serviceId, rule: "draft_retention", expiredAt: row.expiresAt.toISOString() },
      });
    }
    return removed.length;
  });
}
