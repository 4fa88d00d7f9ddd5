import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { attachment, draft, person, submission, submissionEvent, submissionParty } from "#db/schema";
import { audit, type Actor } from "../audit/audit.server";
import { pnrLookup } from "../auth/people.server";
import { openJson, sealJson, type Keyring } from "../crypto/envelope";
import type { LanguageCode } from "../i18n/languages";
import { enqueueIntakeItem } from "../queue/intake-queue.server";
import { enqueueAcuteAlert } from "../notify/acute-alert.server";
import { enqueueNotice } from "../notify/notices.server";
import { afterRegistrationDays } from "../staff/retention/settings.server";
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

/** How long a co-party has to confirm with their own e-ID. */
export const CONFIRMATION_DAYS = 14;

export interface Submitted {
  submissionId: string;
  reference: string;
  status: SubmissionStatus;
}

/**
 * Sends a draft: the submission, its documents and its queue item (or its co-parties'
 * invitations) commit in one transaction, or nothing does. The draft id is the idempotency
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
     * confirm with e-ID and the submission arrives at once.
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
  const status: SubmissionStatus = coParties.length ? "awaiting_confirmation" : "received";

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
          submittedAt: status === "received" ? now : null,
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
      for (const party of coParties) {
        const lookup = pnrLookup(deps, party.pnr);
        await tx.insert(submissionParty).values({
          submissionId: id,
          role: party.role,
          pnrLookup: lookup,
          status: "invited",
          expiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * 86_400_000),
        });
        // A co-party who has logged in before gets a notice (never the content); anyone else
        // finds it on Mina sidor when they log in, as the applicant is told on the receipt.
        const [known] = await tx.select({ id: person.id }).from(person).where(eq(person.pnrLookup, lookup));
        if (known)
          await enqueueNotice(tx, deps.boss, { personId: known.id, kind: "confirmation_requested", submissionId: id });
      }
      if (status === "received")
        await arrive(tx, deps.boss, routing, { submissionId: id, reference, serviceId: definition.id });
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

/** A submission the person sent, or one they are a co-party to; null otherwise (a 404). */
export async function submissionForPerson(db: Executor, reference: string, personId: string, personPnrLookup: string) {
  const [row] = await db.select().from(submission).where(eq(submission.reference, reference));
  if (!row) return null;
  if (row.personId === personId) return { row, as: "sender" as const };
  const [party] = await db
    .select()
    .from(submissionParty)
    .where(and(eq(submissionParty.submissionId, row.id), eq(submissionParty.pnrLookup, personPnrLookup)));
  return party ? { row, as: "co-party" as const, party } : null;
}

/** What the person sent, and what they confirmed or declined as a co-party (theirs to read, not to change). */
export async function listSubmissions(db: Executor, personId: string, personPnrLookup: string) {
  const rows = await db
    .select({
      id: submission.id,
      reference: submission.reference,
      serviceId: submission.serviceId,
      status: submission.status,
      createdAt: submission.createdAt,
      submittedAt: submission.submittedAt,
      caseNumber: submission.caseNumber,
      sender: submission.personId,
    })
    .from(submission)
    .leftJoin(
      submissionParty,
      and(
        eq(submissionParty.submissionId, submission.id),
        eq(submissionParty.pnrLookup, personPnrLookup),
        inArray(submissionParty.status, ["confirmed", "declined"]),
      ),
    )
    .where(or(eq(submission.personId, personId), isNotNull(submissionParty.id)))
    .orderBy(desc(submission.createdAt));
  return rows.map(({ sender, ...row }) => ({
    ...row,
    as: sender === personId ? ("sender" as const) : ("co-party" as const),
  }));
}

export async function eventsFor(db: Executor, submissionId: string, visibleOnly: boolean) {
  const rows = await db
    .select()
    .from(submissionEvent)
    .where(eq(submissionEvent.submissionId, submissionId))
    .orderBy(asc(submissionEvent.at), asc(submissionEvent.id));
  return visibleOnly ? rows.filter((r) => r.visibleToPerson) : rows;
}

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
        eq(submission.status, "awaiting_confirmation"),
      ),
    );
}

export type ConfirmationOutcome = "confirmed" | "sent" | "declined" | "expired" | "not_pending";

/**
 * A co-party answers with their own e-ID. When the last one confirms, the submission arrives:
 * its arrival time is set and its queue item written in the same transaction.
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
    if (!row || row.status !== "awaiting_confirmation") return "not_pending";
    const [party] = await tx
      .select()
      .from(submissionParty)
      .where(and(eq(submissionParty.submissionId, row.id), eq(submissionParty.pnrLookup, input.pnrLookup)));
    if (!party || party.status !== "invited") return "not_pending";
    const now = new Date();
    if (party.expiresAt <= now) {
      await expireInvitations(tx, deps.boss, row, now);
      return "expired";
    }
    const actor: Actor = { kind: "person", id: input.personId };
    await tx
      .update(submissionParty)
      .set({
        status: input.answer === "confirm" ? "confirmed" : "declined",
        personId: input.personId,
        respondedAt: now,
      })
      .where(eq(submissionParty.id, party.id));
    await audit(tx, { actor, action: `co_party_${input.answer}`, subject: { kind: "submission", id: row.id } });

    if (input.answer === "decline") {
      await notConfirmed(tx, deps.boss, row, "declined", now);
      return "declined";
    }

    const waiting = await tx
      .select({ id: submissionParty.id })
      .from(submissionParty)
      .where(and(eq(submissionParty.submissionId, row.id), inArray(submissionParty.status, ["invited"])));
    await tx
      .insert(submissionEvent)
      .values({ submissionId: row.id, kind: "confirmed", visibleToPerson: true, at: now });
    if (waiting.length > 0) return "confirmed";

    await tx.update(submission).set({ status: "received", submittedAt: now }).where(eq(submission.id, row.id));
    await tx.insert(submissionEvent).values({ submissionId: row.id, kind: "received", visibleToPerson: true, at: now });
    await arrive(tx, deps.boss, routingOf(row), {
      submissionId: row.id,
      reference: row.reference,
      serviceId: row.serviceId,
    });
    if (row.personId)
      await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "receipt", submissionId: row.id });
    return "sent";
  });
}

/**
 * The invitations ran out unanswered (found by the scheduled job, or by a co-party answering
 * late): the submission is not sent, exactly as when a co-party declines. Called with the
 * submission locked; false when none of its invitations had run out after all.
 */
export async function expireInvitations(tx: Executor, boss: PgBoss, row: SubmissionRow, now: Date): Promise<boolean> {
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
    .returning({ id: submissionParty.id });
  if (expired.length === 0) return false;
  await notConfirmed(tx, boss, row, "confirmation_expired", now);
  await audit(tx, {
    actor: { kind: "system" },
    action: "co_party_expired",
    subject: { kind: "submission", id: row.id },
    details: { parties: expired.length },
  });
  return true;
}

/**
 * A co-party declined or never confirmed: the submission stays unsent (status declined; its
 * history says which) and the applicant is told that something waits on Mina sidor.
 */
async function notConfirmed(
  tx: Executor,
  boss: PgBoss,
  row: SubmissionRow,
  kind: "declined" | "confirmation_expired",
  now: Date,
) {
  await tx
    .update(submission)
    .set({ status: "declined", retainUntil: await unsentRetainUntil(tx, row.serviceId, now) })
    .where(eq(submission.id, row.id));
  await tx.insert(submissionEvent).values({ submissionId: row.id, kind, visibleToPerson: true, at: now });
  if (row.personId) await enqueueNotice(tx, boss, { personId: row.personId, kind: "declined", submissionId: row.id });
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
