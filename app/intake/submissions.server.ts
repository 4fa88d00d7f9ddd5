import { and, asc, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import {
  attachment,
  draft,
  person,
  robotItem,
  robotItemEvent,
  submission,
  submissionEvent,
  submissionParty,
} from "#db/schema";
import { audit, type Actor } from "../audit/audit.server";
import { pnrLookup } from "../auth/people.server";
import { openJson, sealJson, type Keyring } from "../crypto/envelope";
import type { LanguageCode } from "../i18n/languages";
import { enqueueIntakeItem } from "../queue/intake-queue.server";
import { enqueueAcuteAlert } from "../notify/acute-alert.server";
import { enqueueNotice } from "../notify/notices.server";
import { afterRegistrationDays } from "../retention/settings.server";
import type { EServiceDefinition, JourneyContext, QueueName, Routing } from "./definition";
import type { Draft } from "./drafts.server";
import type { AnswersSoFar } from "./fields";
import { answersToSend } from "./journey";
import { newReference } from "./reference";
import { withProtectedIdentity } from "./protected-routing";

export interface SubmissionDependencies {
  db: Executor;
  keyring: Keyring;
  personLookup: Buffer;
  boss: PgBoss;
}

export type SubmissionStatus = (typeof submission.$inferSelect)["status"];

const answersContext = (id: string) => `submission.answers:${id}`;
const computedContext = (id: string) => `submission.computed:${id}`;

/** How long a co-party has to confirm with their own e-ID; after that their silence is recorded. */
export const CONFIRMATION_DAYS = 14;

export interface Submitted {
  submissionId: string;
  reference: string;
  status: SubmissionStatus;
}

/**
 * Sends a draft: the submission, its documents, its queue item and its co-parties'
 * invitations commit in one transaction, or nothing does. The draft id is the idempotency
 * key: a double click, a resubmitted form after Back or a retried request all get the first
 * submission's receipt.
 */
export async function submitDraft(
  deps: SubmissionDependencies,
  input: {
    draft: Draft;
    definition: EServiceDefinition;
    journey: JourneyContext;
    personId: string | null;
    protectedIdentity: boolean;
    language: LanguageCode;
    /** An anonymous sender's browser (receipt-access.server.ts); null for everyone else. */
    senderKey?: string | null;
    channel: "e-service" | "assisted" | "paper";
    actor: Actor;
    /**
     * Assisted and paper channels only: the staff member attests that the co-parties confirmed
     * outside the portal (signed the paper form, or were there in person), so no one is invited to
     * confirm with e-ID.
     */
    coPartiesConfirmed?: boolean;
  },
): Promise<Submitted> {
  const existing = await submissionForDraft(deps.db, input.draft.id);
  if (existing) return existing;

  const { definition, journey } = input;
  const answers = answersToSend(definition, input.draft.answers, journey);
  const computed = definition.computed?.(answers, journey);
  const routing = withProtectedIdentity(
    definition.route(answers, { ...journey, protectedIdentity: input.protectedIdentity }),
    input.protectedIdentity,
  );
  const coParties =
    input.coPartiesConfirmed && input.channel !== "e-service" ? [] : (definition.coParties?.(answers, journey) ?? []);
  const id = crypto.randomUUID();
  const reference = newReference(definition.referencePrefix);
  const now = new Date();
  // A co-party's answer is information for the caseworker, never a condition for sending: where
  // one partner controls the other, a veto would let them stop the application (DOMAIN.md).
  const status: SubmissionStatus = "received";

  try {
    await deps.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(submission)
        .values({
          id,
          reference,
          draftId: input.draft.id,
          serviceId: definition.id,
          serviceVersion: definition.version,
          personId: input.personId,
          channel: input.channel,
          answersSealed: sealJson(deps.keyring, answers, answersContext(id)),
          computedSealed: computed ? sealJson(deps.keyring, computed, computedContext(id)) : null,
          status,
          queue: routing.queue,
          priority: routing.priority,
          flags: routing.flags,
          language: input.language,
          senderKey: input.senderKey ?? null,
          submittedAt: now,
        })
        .onConflictDoNothing({ target: submission.draftId })
        .returning({ id: submission.id });
      // Another request sent this draft first: leave everything to it.
      if (inserted.length === 0) throw new AlreadySubmitted();

      // No sender, no one named on the files (a logged-in person who chose to stay anonymous uploaded them).
      await tx
        .update(attachment)
        .set({ submissionId: id, draftId: null, ...(input.personId ? {} : { personId: null }) })
        .where(and(eq(attachment.draftId, input.draft.id), isNull(attachment.submissionId)));
      await tx.delete(draft).where(eq(draft.id, input.draft.id));

      await definition.onSubmit?.(tx, {
        submissionId: id,
        reference,
        personId: input.personId,
        channel: input.channel,
        answers,
        journey,
      });
      await tx.insert(submissionEvent).values({ submissionId: id, kind: status, visibleToPerson: true, at: now });
      await arrive(tx, deps.boss, routing, { submissionId: id, reference, serviceId: definition.id });
      for (const party of coParties) {
        const lookup = pnrLookup(deps, party.pnr);
        await tx.insert(submissionParty).values({
          submissionId: id,
          role: party.role,
          pnrLookup: lookup,
          status: "invited",
          expiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * 86_400_000),
        });
        // After arrive(): the invitation is written on the queue item too.
        await recordCoPartyEvent(tx, id, "co_party_invited", party.role, now);
        // A co-party who has logged in before gets a notice (never the content); anyone else
        // finds it on Mina sidor when they log in, as the applicant is told on the receipt.
        const [known] = await tx.select({ id: person.id }).from(person).where(eq(person.pnrLookup, lookup));
        if (known)
          await enqueueNotice(tx, deps.boss, { personId: known.id, kind: "confirmation_requested", submissionId: id });
      }
      if (input.personId)
        await enqueueNotice(tx, deps.boss, { personId: input.personId, kind: "receipt", submissionId: id });
      await audit(tx, {
        actor: input.actor,
        action: "submission_created",
        subject: { kind: "submission", id },
        details: { service: definition.id, channel: input.channel, queue: routing.queue, status },
      });
    });
  } catch (error) {
    if (!(error instanceof AlreadySubmitted)) throw error;
    const first = await submissionForDraft(deps.db, input.draft.id);
    if (first) return first;
    throw error;
  }
  return { submissionId: id, reference, status };
}

class AlreadySubmitted extends Error {}

/** A submission has arrived: its queue item, and for an acute one the alert that someone must look now. */
async function arrive(
  tx: Executor,
  boss: PgBoss,
  routing: Routing,
  item: { submissionId: string; reference: string; serviceId: string },
) {
  await enqueueIntakeItem(tx, boss, routing, { kind: "submission", ...item });
  if (routing.flags.includes("acute"))
    await enqueueAcuteAlert(tx, boss, { reference: item.reference, queue: routing.queue });
}

/** The routing decided when the submission was made; it does not change on confirmation. */
export const routingOf = (row: SubmissionRow): Routing => ({
  queue: row.queue as QueueName,
  priority: row.priority,
  flags: row.flags as Routing["flags"],
});

export async function submissionForDraft(db: Executor, draftId: string): Promise<Submitted | null> {
  const [row] = await db
    .select({ submissionId: submission.id, reference: submission.reference, status: submission.status })
    .from(submission)
    .where(eq(submission.draftId, draftId));
  return row ?? null;
}

export type SubmissionRow = typeof submission.$inferSelect;

export interface SubmissionView {
  row: SubmissionRow;
  answers: AnswersSoFar;
  computed: Record<string, unknown> | null;
}

/** Opens a submission's answers, recording who read them. */
export async function readSubmission(
  db: Executor,
  keyring: Keyring,
  row: SubmissionRow,
  reader: Actor,
  purpose: string,
): Promise<SubmissionView> {
  await audit(db, {
    actor: reader,
    action: "submission_read",
    subject: { kind: "submission", id: row.id },
    details: { purpose },
  });
  return {
    row,
    answers: openJson<AnswersSoFar>(keyring, row.answersSealed, answersContext(row.id)),
    computed: row.computedSealed
      ? openJson<Record<string, unknown>>(keyring, row.computedSealed, computedContext(row.id))
      : null,
  };
}

export async function eventsFor(db: Executor, submissionId: string, visibleOnly: boolean) {
  const rows = await db
    .select()
    .from(submissionEvent)
    .where(eq(submissionEvent.submissionId, submissionId))
    .orderBy(asc(submissionEvent.at), asc(submissionEvent.id));
  return visibleOnly ? rows.filter((r) => r.visibleToPerson) : rows;
}

/** A co-party may still answer while the submission has not been withdrawn (or ended unsent before). */
export const ANSWERABLE = [
  "received",
  "registered",
  "supplement_requested",
  "closed",
  "awaiting_confirmation",
] as const;

/** Confirmations waiting for this person (by personnummer), not yet expired. */
export async function pendingConfirmations(db: Executor, personPnrLookup: string, now = new Date()) {
  return db
    .select({
      partyId: submissionParty.id,
      role: submissionParty.role,
      expiresAt: submissionParty.expiresAt,
      reference: submission.reference,
      serviceId: submission.serviceId,
      createdAt: submission.createdAt,
    })
    .from(submissionParty)
    .innerJoin(submission, eq(submission.id, submissionParty.submissionId))
    .where(
      and(
        eq(submissionParty.pnrLookup, personPnrLookup),
        eq(submissionParty.status, "invited"),
        gt(submissionParty.expiresAt, now),
        inArray(submission.status, [...ANSWERABLE]),
      ),
    );
}

export const isAnswerable = (status: SubmissionStatus) => (ANSWERABLE as readonly string[]).includes(status);

export type ConfirmationOutcome = "confirmed" | "declined" | "expired" | "not_pending";

/**
 * A co-party answers with their own e-ID. The submission has already arrived; the answer is
 * recorded on it (for Mina sidor and the staff console) and on its robot queue item's history,
 * where a robot that claimed the item before the answer finds it.
 */
export async function answerConfirmation(
  deps: SubmissionDependencies,
  input: {
    reference: string;
    personId: string;
    pnrLookup: string;
    answer: "confirm" | "decline";
  },
): Promise<ConfirmationOutcome> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(submission).where(eq(submission.reference, input.reference)).for("update");
    if (!row || !isAnswerable(row.status)) return "not_pending";
    const [party] = await tx
      .select()
      .from(submissionParty)
      .where(and(eq(submissionParty.submissionId, row.id), eq(submissionParty.pnrLookup, input.pnrLookup)));
    if (!party || party.status !== "invited") return "not_pending";
    const now = new Date();
    if (party.expiresAt <= now) {
      await expireInvitations(tx, row, now);
      return "expired";
    }
    const status = input.answer === "confirm" ? "confirmed" : "declined";
    await tx
      .update(submissionParty)
      .set({ status, personId: input.personId, respondedAt: now })
      .where(eq(submissionParty.id, party.id));
    await audit(tx, {
      actor: { kind: "person", id: input.personId },
      action: `co_party_${input.answer}`,
      subject: { kind: "submission", id: row.id },
    });
    await recordCoPartyEvent(tx, row.id, `co_party_${status}`, party.role, now);
    return status;
  });
}

/**
 * The invitations ran out unanswered (found by the scheduled job, or by a co-party answering
 * late): recorded as the co-party's silence, which the caseworker weighs. Called with the
 * submission locked; false when none of its invitations had run out after all.
 */
export async function expireInvitations(tx: Executor, row: SubmissionRow, now: Date): Promise<boolean> {
  const expired = await tx
    .update(submissionParty)
    .set({ status: "expired" })
    .where(
      and(
        eq(submissionParty.submissionId, row.id),
        eq(submissionParty.status, "invited"),
        lte(submissionParty.expiresAt, now),
      ),
    )
    .returning({ id: submissionParty.id, role: submissionParty.role });
  if (expired.length === 0) return false;
  for (const party of expired) await recordCoPartyEvent(tx, row.id, "co_party_expired", party.role, now);
  await audit(tx, {
    actor: { kind: "system" },
    action: "co_party_expired",
    subject: { kind: "submission", id: row.id },
    details: { parties: expired.length },
  });
  return true;
}

/**
 * A co-party's invitation, answer or silence as an event of the submission, and of each of its
 * submission queue items, so the robot reads it in the item's history whenever it comes.
 */
async function recordCoPartyEvent(
  tx: Executor,
  submissionId: string,
  kind: "co_party_invited" | "co_party_confirmed" | "co_party_declined" | "co_party_expired",
  role: string,
  now: Date,
) {
  await tx.insert(submissionEvent).values({ submissionId, kind, visibleToPerson: true, at: now, details: { role } });
  const items = await tx
    .select({ id: robotItem.id })
    .from(robotItem)
    .where(and(eq(robotItem.submissionId, submissionId), eq(robotItem.kind, "submission")));
  for (const item of items)
    await tx.insert(robotItemEvent).values({ itemId: item.id, kind, tokenId: null, details: { role } });
}

/**
 * Before co-parties' answers stopped holding submissions back, a submission waited for them in
 * awaiting_confirmation. Any still waiting arrives now, as it would have been sent today.
 * Called with the submission locked.
 */
export async function releaseWaiting(tx: Executor, boss: PgBoss, row: SubmissionRow, now: Date) {
  await tx.update(submission).set({ status: "received", submittedAt: now }).where(eq(submission.id, row.id));
  await tx.insert(submissionEvent).values({ submissionId: row.id, kind: "received", visibleToPerson: true, at: now });
  await arrive(tx, boss, routingOf(row), { submissionId: row.id, reference: row.reference, serviceId: row.serviceId });
  if (row.personId) await enqueueNotice(tx, boss, { personId: row.personId, kind: "receipt", submissionId: row.id });
}

/**
 * A submission that ends without reaching the case system (not confirmed, or withdrawn first)
 * is kept as long as a registered one is after registration, counted from its end; null for a
 * service no longer shipped, as at registration.
 */
export async function unsentRetainUntil(db: Executor, serviceId: string, now: Date): Promise<Date | null> {
  const days = await afterRegistrationDays(db, serviceId);
  return days === undefined ? null : new Date(now.getTime() + days * 86_400_000);
}
