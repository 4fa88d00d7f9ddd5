import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, notExists, or, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "#db/connect";
import {
  booking,
  bookingChoice,
  bookingEvent,
  bookingRequest,
  bookingSlot,
  person,
  submission,
  submissionEvent,
} from "#db/schema";
import { audit } from "~/audit/audit.server";
import { SubmitConflict, type SubmitHookContext } from "~/intake/definition";
import type { AnswersSoFar } from "~/intake/fields";
import { answer, invitationChannel, needsFromAnswers, type Needs } from "./answers";
import {
  dayParity,
  HORIZON_DAYS,
  slotLabel,
  TIME_ZONE,
  withinTarget,
  type SlotMode,
  type SlotView,
  type TalkKind,
} from "./slots";

/**
 * Bookable times and bookings. Capacity is the database's business: a slot holds one live
 * booking by a unique index (booking_slot_live), and every booking is an INSERT … ON CONFLICT
 * DO NOTHING against it, so of any number of parallel attempts exactly one gets the time.
 * Every read here is scoped to one person's own submission: nothing of one parent's booking
 * is ever selected for the other, unless both chose a joint talk.
 */

export type SlotRow = typeof bookingSlot.$inferSelect;
export type BookingRow = typeof booking.$inferSelect;
export type RequestRow = typeof bookingRequest.$inferSelect;
export type Party = "requester" | "invitee";

export interface SlotFilter {
  kind: TalkKind;
  mode: SlotMode;
  minMinutes: number;
  /** Only days of this parity (see dayParity): the party's own days once the request is screened. */
  dayParity?: 0 | 1 | null;
}

const DAY_MS = 86_400_000;

/** The days a party of a request may book on: none set until the unit has screened and released it. */
export function partyDayParity(request: RequestRow | null | undefined, party: Party): 0 | 1 | null {
  const p = request?.requesterDayParity;
  if (p !== 0 && p !== 1) return null;
  return party === "requester" ? p : p === 0 ? 1 : 0;
}

export const filterOf = (needs: Needs, parity: 0 | 1 | null = null): SlotFilter => ({
  kind: needs.kind,
  mode: needs.mode,
  minMinutes: needs.minMinutes,
  dayParity: parity,
});

/** The SQL twin of dayParity() for a slot's start, in the unit's time zone. */
const slotDayParity = (startsAt: unknown) =>
  sql`((((${startsAt} at time zone ${TIME_ZONE})::date - date '2000-01-01') % 2))`;

const liveBookingOfSlot = (db: Executor, slotId: typeof bookingSlot.id) =>
  db
    .select({ one: sql`1` })
    .from(booking)
    .where(and(eq(booking.slotId, slotId), eq(booking.status, "booked"), isNull(booking.joinsBookingId)));

/** Free times matching the filter, soonest first, from now up to the horizon. */
export async function freeSlots(
  db: Executor,
  filter: SlotFilter,
  now: Date,
  horizonDays = HORIZON_DAYS,
): Promise<SlotRow[]> {
  return db
    .select()
    .from(bookingSlot)
    .where(
      and(
        isNull(bookingSlot.cancelledAt),
        gt(bookingSlot.startsAt, now),
        lt(bookingSlot.startsAt, new Date(now.getTime() + horizonDays * DAY_MS)),
        eq(bookingSlot.kind, filter.kind),
        eq(bookingSlot.mode, filter.mode),
        gte(bookingSlot.minutes, filter.minMinutes),
        filter.dayParity == null ? undefined : sql`${slotDayParity(bookingSlot.startsAt)} = ${filter.dayParity}`,
        notExists(liveBookingOfSlot(db, bookingSlot.id)),
      ),
    )
    .orderBy(asc(bookingSlot.startsAt), asc(bookingSlot.id))
    .limit(300);
}

/** What a resident may see of a slot: never who published it; no address when protected. */
export function slotView(slot: SlotRow, hideLocation: boolean): SlotView {
  return {
    id: slot.id,
    startsAt: slot.startsAt.toISOString(),
    minutes: slot.minutes,
    mode: slot.mode,
    location: hideLocation || slot.mode === "digitalt" ? null : slot.location,
  };
}

/** Protected: the parent said so, or their e-ID says they have protected personal data. */
export async function isProtected(db: Executor, personId: string | null, answers: AnswersSoFar): Promise<boolean> {
  if (needsFromAnswers(answers).protectedAnswer) return true;
  if (!personId) return false;
  const [row] = await db
    .select({ protectedIdentity: person.protectedIdentity })
    .from(person)
    .where(eq(person.id, personId));
  return row?.protectedIdentity ?? false;
}

/** The request a draft answers as the invited parent, if it is one, and still theirs. */
export async function invitationOfDraft(db: Executor, draftId: string, personId: string | null) {
  const [row] = await db.select().from(bookingRequest).where(eq(bookingRequest.inviteeDraftId, draftId));
  return row && personId && row.inviteePersonId === personId && row.inviteeStatus === "invited" ? row : null;
}

/**
 * A joint talk the invited parent may join: only when both parents said it feels safe to meet,
 * the unit did not decide at screening that the talks are separate, neither is protected, and the requester's own time is still ahead. Otherwise null, and nothing
 * of the requester's time is read at all.
 */
export async function jointOption(
  db: Executor,
  request: RequestRow,
  inviteeNeeds: Needs,
  inviteeProtected: boolean,
  now: Date,
): Promise<{ bookingId: string; slot: SlotRow } | null> {
  if (!request.requesterJointOk || request.separate || inviteeNeeds.safe !== "ja" || inviteeProtected) return null;
  const [row] = await db
    .select({ booking, slot: bookingSlot })
    .from(booking)
    .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
    .where(
      and(
        eq(booking.requestId, request.id),
        eq(booking.party, "requester"),
        eq(booking.status, "booked"),
        isNull(booking.joinsBookingId),
        eq(booking.protected, false),
        gt(bookingSlot.startsAt, now),
        eq(bookingSlot.mode, inviteeNeeds.mode),
        gte(bookingSlot.minutes, inviteeNeeds.minMinutes),
      ),
    );
  if (!row) return null;
  const [taken] = await db
    .select({ id: booking.id })
    .from(booking)
    .where(and(eq(booking.joinsBookingId, row.booking.id), eq(booking.status, "booked")));
  return taken ? null : { bookingId: row.booking.id, slot: row.slot };
}

/** Why a slot cannot be booked now: gone or cancelled, already begun, not what the answers ask for, or taken. */
export async function whyUnavailable(
  db: Executor,
  slotId: string,
  filter: SlotFilter,
  now: Date,
): Promise<"unavailable" | "past" | "changed" | "taken"> {
  const [slot] = await db.select().from(bookingSlot).where(eq(bookingSlot.id, slotId));
  if (!slot || slot.cancelledAt) return "unavailable";
  if (slot.startsAt <= now) return "past";
  if (slot.kind !== filter.kind || slot.mode !== filter.mode || slot.minutes < filter.minMinutes) return "changed";
  // A day kept for the other parent of the request: to this parent it is simply not offered.
  if (filter.dayParity != null && dayParity(slot.startsAt) !== filter.dayParity) return "unavailable";
  return "taken";
}

/** Remembers the time a draft chose; the booking itself is made when the draft is sent. */
export async function saveChoice(
  db: Executor,
  draftId: string,
  choice: { slotId: string } | { joinsBookingId: string } | null,
) {
  await db.delete(bookingChoice).where(eq(bookingChoice.draftId, draftId));
  if (!choice) return;
  await db.insert(bookingChoice).values({
    draftId,
    slotId: "slotId" in choice ? choice.slotId : null,
    joinsBookingId: "joinsBookingId" in choice ? choice.joinsBookingId : null,
  });
}

export async function choiceOf(db: Executor, draftId: string) {
  const [row] = await db.select().from(bookingChoice).where(eq(bookingChoice.draftId, draftId));
  return row ?? null;
}

async function recordEvent(
  db: Executor,
  requestId: string,
  party: Party,
  kind: string,
  slotStartsAt: Date | null = null,
  at = new Date(),
) {
  await db.insert(bookingEvent).values({ requestId, party, kind, slotStartsAt, at });
}

/**
 * Takes a free slot for a party, or returns null when the database says it is taken (or the slot
 * no longer fits). The unique index decides between parallel attempts; nothing is checked first.
 */
export async function insertBooking(
  db: Executor,
  input: {
    requestId: string;
    party: Party;
    personId: string | null;
    submissionId: string;
    slotId: string;
    protected: boolean;
    filter: SlotFilter;
    now: Date;
  },
): Promise<{ id: string; startsAt: Date } | null> {
  const rows = await rowsOf<{ id: string; starts_at: string | Date }>(
    db,
    sql`insert into booking (request_id, party, person_id, submission_id, slot_id, protected)
        select ${input.requestId}::uuid, ${input.party}::text, ${input.personId}::uuid, ${input.submissionId}::uuid,
          s.id, ${input.protected}::boolean
        from booking_slot s
        where s.id = ${input.slotId}::uuid and s.cancelled_at is null and s.starts_at > ${input.now.toISOString()}::timestamptz
          and s.kind = ${input.filter.kind} and s.mode = ${input.filter.mode} and s.minutes >= ${input.filter.minMinutes}
          and (${input.filter.dayParity ?? null}::int is null or ${slotDayParity(sql`s.starts_at`)} = ${input.filter.dayParity ?? null}::int)
        on conflict (slot_id) where status = 'booked' and joins_booking_id is null do nothing
        returning id, (select s2.starts_at from booking_slot s2 where s2.id = booking.slot_id) as starts_at`,
  );
  const row = rows[0];
  return row ? { id: row.id, startsAt: new Date(row.starts_at) } : null;
}

async function insertJointBooking(
  db: Executor,
  input: { requestId: string; personId: string | null; submissionId: string; joinsBookingId: string; now: Date },
): Promise<{ id: string; startsAt: Date } | null> {
  const rows = await rowsOf<{ id: string; starts_at: string | Date }>(
    db,
    sql`insert into booking (request_id, party, person_id, submission_id, slot_id, joins_booking_id, protected)
        select ${input.requestId}::uuid, 'invitee', ${input.personId}::uuid, ${input.submissionId}::uuid, p.slot_id, p.id, false
        from booking p join booking_slot s on s.id = p.slot_id
        where p.id = ${input.joinsBookingId}::uuid and p.request_id = ${input.requestId}::uuid and p.party = 'requester'
          and p.status = 'booked' and p.joins_booking_id is null and p.protected = false
          and s.cancelled_at is null and s.starts_at > ${input.now.toISOString()}::timestamptz
        on conflict (joins_booking_id) where status = 'booked' and joins_booking_id is not null do nothing
        returning id, (select s2.starts_at from booking_slot s2 where s2.id = booking.slot_id) as starts_at`,
  );
  const row = rows[0];
  return row ? { id: row.id, startsAt: new Date(row.starts_at) } : null;
}

/**
 * The e-service's onSubmit, inside the submission's transaction: the request (or the invited
 * parent's answer to it), the measurement events, and the booking of the chosen time. A time
 * taken meanwhile throws SubmitConflict, and the whole submission rolls back.
 */
export async function bookOnSubmit(tx: Executor, context: SubmitHookContext): Promise<void> {
  const now = new Date();
  const [sent] = await tx
    .select({ draftId: submission.draftId, flags: submission.flags })
    .from(submission)
    .where(eq(submission.id, context.submissionId));
  if (!sent) throw new Error("the submission is not in this transaction");
  const needs = needsFromAnswers(context.answers);
  const protectedBooking = needs.protectedAnswer || sent.flags.includes("protected_identity");

  let requestId: string;
  let party: Party;
  const [invited] = await tx
    .select()
    .from(bookingRequest)
    .where(eq(bookingRequest.inviteeDraftId, sent.draftId))
    .for("update");
  // The invited parent books on their own days only; the requester, not yet screened, on any.
  const filter = filterOf(needs, invited ? partyDayParity(invited, "invitee") : null);
  if (invited) {
    if (invited.inviteePersonId !== context.personId || invited.inviteeStatus !== "invited")
      throw new SubmitConflict("samtal", "invitationGone");
    requestId = invited.id;
    party = "invitee";
    await tx
      .update(bookingRequest)
      .set({
        inviteeSubmissionId: context.submissionId,
        inviteeStatus: "accepted",
        inviteeJointOk: needs.safe === "ja" && !protectedBooking,
        inviteeAnsweredAt: now,
        inviteeDraftId: null,
      })
      .where(eq(bookingRequest.id, invited.id));
    await recordEvent(tx, requestId, party, "accepted", null, now);
  } else {
    if (needs.role === "inbjuden") throw new SubmitConflict("samtal", "invitationGone");
    party = "requester";
    const channel = invitationChannel(context.answers);
    const [created] = await tx
      .insert(bookingRequest)
      .values({
        kind: needs.kind,
        requesterPersonId: context.personId,
        requesterSubmissionId: context.submissionId,
        requesterJointOk: needs.safe === "ja" && !protectedBooking,
        invitationChannel: channel,
        // Nobody is invited before the unit has screened the request for violence and released it
        // (or the municipality's setting released it because the requester answered safe on both
        // counts); the booking job then reads the other parent's address from the sealed answers
        // and sends the invitation, or leaves it to the unit's letter.
        invitationState: "screening",
        createdAt: now,
      })
      .returning({ id: bookingRequest.id });
    requestId = created!.id;
    await recordEvent(tx, requestId, party, "requested", null, now);
  }

  // The first time offered: the soonest free time that fitted this parent when they asked.
  const [first] = await freeSlots(tx, filter, now, 365);
  await recordEvent(tx, requestId, party, first ? "offered" : "none_free", first?.startsAt ?? null, now);

  const choice = await choiceOf(tx, sent.draftId);
  await tx.delete(bookingChoice).where(eq(bookingChoice.draftId, sent.draftId));
  const picked = answer(context.answers, "tid", "choice");
  let booked: { id: string; startsAt: Date } | null = null;
  if (picked === "tid") {
    if (!choice?.slotId) throw new SubmitConflict("tid", "unavailable");
    booked = await insertBooking(tx, {
      requestId,
      party,
      personId: context.personId,
      submissionId: context.submissionId,
      slotId: choice.slotId,
      protected: protectedBooking,
      filter,
      now,
    });
    if (!booked) throw new SubmitConflict("tid", await whyUnavailable(tx, choice.slotId, filter, now));
  } else if (picked === "gemensam") {
    if (
      party !== "invitee" ||
      !choice?.joinsBookingId ||
      needs.safe !== "ja" ||
      protectedBooking ||
      !invited?.requesterJointOk ||
      invited.separate
    )
      throw new SubmitConflict("tid", "jointGone");
    booked = await insertJointBooking(tx, {
      requestId,
      personId: context.personId,
      submissionId: context.submissionId,
      joinsBookingId: choice.joinsBookingId,
      now,
    });
    if (!booked) throw new SubmitConflict("tid", "jointGone");
  }
  if (booked) await recordEvent(tx, requestId, party, "booked", booked.startsAt, now);

  // For the unit and the robot: which request this belongs to and how the invitation goes.
  await tx.insert(submissionEvent).values({
    submissionId: context.submissionId,
    kind: "booking_request",
    visibleToPerson: false,
    at: now,
    details: {
      requestId,
      party,
      booked: !!booked,
      separate: party === "requester" ? !(needs.safe === "ja" && !protectedBooking) : !(needs.safe === "ja"),
      invitation: party === "requester" ? invitationChannel(context.answers) : null,
      within14Days: booked ? withinTarget(now, booked.startsAt) : false,
    },
  });
}

/** A parent whose joint talk became their own talk because the other parent left it. */
export interface NowSeparate {
  personId: string | null;
  submissionId: string;
}

export type BookingOutcome =
  | { ok: true; startsAt?: Date; nowSeparate?: NowSeparate[] }
  | {
      ok: false;
      reason: "not_found" | "already_cancelled" | "too_late" | "taken" | "past" | "unavailable" | "changed";
    };

class Rollback extends Error {
  constructor(readonly outcome: BookingOutcome) {
    super("rollback");
  }
}

/** The person's own live booking, locked, and the slot it holds; a foreign or unknown id is not_found. */
async function ownBooking(tx: Executor, bookingId: string, personId: string) {
  if (!/^[0-9a-f-]{36}$/.test(bookingId)) return null;
  const [row] = await tx
    .select({ booking, slot: bookingSlot })
    .from(booking)
    .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
    .where(and(eq(booking.id, bookingId), eq(booking.personId, personId)))
    .for("update", { of: booking });
  return row ?? null;
}

async function leave(tx: Executor, row: { booking: BookingRow }, now: Date): Promise<NowSeparate[]> {
  await tx.update(booking).set({ status: "cancelled", cancelledAt: now }).where(eq(booking.id, row.booking.id));
  // A joint talk's first parent leaving: the other parent keeps the time as their own talk, and is
  // told only that (never why, nor anything of the other parent's new time).
  const kept = row.booking.joinsBookingId
    ? []
    : await tx
        .update(booking)
        .set({ joinsBookingId: null })
        .where(and(eq(booking.joinsBookingId, row.booking.id), eq(booking.status, "booked")))
        .returning({ personId: booking.personId, submissionId: booking.submissionId });
  for (const other of kept)
    await tx.insert(submissionEvent).values({
      submissionId: other.submissionId,
      kind: "talk_now_separate",
      visibleToPerson: true,
      at: now,
    });
  await recordEvent(tx, row.booking.requestId, row.booking.party, "cancelled", null, now);
  return kept;
}

const beforeCutoff = (start: Date, now: Date, cutoffHours: number) =>
  start.getTime() - now.getTime() >= cutoffHours * 3_600_000;

/** Cancels the person's own booking until the cut-off; the slot is free again at once. */
export async function cancelBooking(
  db: Executor,
  input: { bookingId: string; personId: string; cutoffHours: number; now?: Date },
): Promise<BookingOutcome> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await ownBooking(tx, input.bookingId, input.personId);
    if (!row) return { ok: false, reason: "not_found" } as const;
    if (row.booking.status !== "booked") return { ok: false, reason: "already_cancelled" } as const;
    if (!beforeCutoff(row.slot.startsAt, now, input.cutoffHours)) return { ok: false, reason: "too_late" } as const;
    const nowSeparate = await leave(tx, row, now);
    await tx.insert(submissionEvent).values({
      submissionId: row.booking.submissionId,
      kind: "booking_cancelled",
      visibleToPerson: true,
      at: now,
      details: { bookingId: row.booking.id },
    });
    return { ok: true, nowSeparate } as const;
  });
}

/**
 * Books a time for a submission that has none (nothing was free, or it was cancelled), or moves
 * an existing booking to another time: both in one transaction, so a time taken meanwhile leaves
 * the old booking exactly as it was.
 */
export async function rebook(
  db: Executor,
  input: {
    submissionId: string;
    personId: string;
    /** The booking being moved, when there is one. */
    bookingId: string | null;
    slotId: string;
    needs: Needs;
    protected: boolean;
    cutoffHours: number;
    now?: Date;
  },
): Promise<BookingOutcome> {
  const now = input.now ?? new Date();
  if (!/^[0-9a-f-]{36}$/.test(input.slotId)) return { ok: false, reason: "unavailable" };
  try {
    return await db.transaction(async (tx) => {
      const [request] = await tx
        .select()
        .from(bookingRequest)
        .where(
          or(
            eq(bookingRequest.requesterSubmissionId, input.submissionId),
            eq(bookingRequest.inviteeSubmissionId, input.submissionId),
          ),
        )
        .for("update");
      if (!request) throw new Rollback({ ok: false, reason: "not_found" });
      const party: Party = request.requesterSubmissionId === input.submissionId ? "requester" : "invitee";
      const filter = filterOf(input.needs, partyDayParity(request, party));
      let nowSeparate: NowSeparate[] = [];
      if (input.bookingId) {
        const row = await ownBooking(tx, input.bookingId, input.personId);
        if (!row || row.booking.submissionId !== input.submissionId)
          throw new Rollback({ ok: false, reason: "not_found" });
        if (row.booking.status !== "booked") throw new Rollback({ ok: false, reason: "already_cancelled" });
        if (!beforeCutoff(row.slot.startsAt, now, input.cutoffHours))
          throw new Rollback({ ok: false, reason: "too_late" });
        nowSeparate = await leave(tx, row, now);
      } else {
        const [live] = await tx
          .select({ id: booking.id })
          .from(booking)
          .where(and(eq(booking.submissionId, input.submissionId), eq(booking.status, "booked")));
        // A stale page: the person already has a time; they must move that one.
        if (live) throw new Rollback({ ok: false, reason: "not_found" });
      }
      const booked = await insertBooking(tx, {
        requestId: request.id,
        party,
        personId: input.personId,
        submissionId: input.submissionId,
        slotId: input.slotId,
        protected: input.protected,
        filter,
        now,
      });
      if (!booked) throw new Rollback({ ok: false, reason: await whyUnavailable(tx, input.slotId, filter, now) });
      await recordEvent(tx, request.id, party, "booked", booked.startsAt, now);
      await tx.insert(submissionEvent).values({
        submissionId: input.submissionId,
        kind: input.bookingId ? "booking_moved" : "booking_made",
        visibleToPerson: true,
        at: now,
        details: { bookingId: booked.id },
      });
      return { ok: true, startsAt: booked.startsAt, nowSeparate } as const;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.outcome;
    throw error;
  }
}

/** The live booking of one submission, with its slot: what that submission's owner may see. */
export async function liveBookingOf(db: Executor, submissionId: string) {
  const [row] = await db
    .select({ booking, slot: bookingSlot })
    .from(booking)
    .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
    .where(and(eq(booking.submissionId, submissionId), eq(booking.status, "booked")));
  return row ?? null;
}

/** The request a submission belongs to, and on which side. */
export async function requestOfSubmission(db: Executor, submissionId: string) {
  const [request] = await db
    .select()
    .from(bookingRequest)
    .where(
      or(eq(bookingRequest.requesterSubmissionId, submissionId), eq(bookingRequest.inviteeSubmissionId, submissionId)),
    );
  if (!request) return null;
  return { request, party: (request.requesterSubmissionId === submissionId ? "requester" : "invitee") as Party };
}

/** A person's own submissions to this service, newest first, each with its live booking if any. */
export async function bookingsOfPerson(db: Executor, personId: string) {
  const rows = await db
    .select({
      submissionId: submission.id,
      reference: submission.reference,
      createdAt: submission.createdAt,
      status: submission.status,
    })
    .from(submission)
    .where(and(eq(submission.personId, personId), eq(submission.serviceId, "samarbetssamtal")))
    .orderBy(desc(submission.createdAt));
  const out = [];
  for (const row of rows) out.push({ ...row, live: await liveBookingOf(db, row.submissionId) });
  return out;
}

/** Invitations waiting for this person: by their personnummer, or bound to them by the link they were sent. */
export async function invitationsFor(db: Executor, personId: string, personPnrLookup: string) {
  return db
    .select({ id: bookingRequest.id, kind: bookingRequest.kind, createdAt: bookingRequest.createdAt })
    .from(bookingRequest)
    .where(
      and(
        eq(bookingRequest.inviteeStatus, "invited"),
        ne(bookingRequest.invitationState, "screening"),
        or(eq(bookingRequest.inviteePersonId, personId), eq(bookingRequest.inviteePnrLookup, personPnrLookup)),
        or(isNull(bookingRequest.requesterPersonId), sql`${bookingRequest.requesterPersonId} <> ${personId}`),
      ),
    )
    .orderBy(asc(bookingRequest.createdAt));
}

/**
 * The invitation if it is this person's: bound to them, or naming their personnummer, or (when the
 * requester knew no personnummer) unbound and opened through the link. Never the requester's own.
 */
export async function invitationForPerson(
  db: Executor,
  requestId: string,
  personId: string,
  personPnrLookup: string,
  viaLink = false,
) {
  if (!/^[0-9a-f-]{36}$/.test(requestId)) return null;
  const [row] = await db.select().from(bookingRequest).where(eq(bookingRequest.id, requestId));
  if (!row || row.requesterPersonId === personId || row.invitationState === "screening") return null;
  if (row.inviteePersonId) return row.inviteePersonId === personId ? row : null;
  if (row.inviteePnrLookup) return row.inviteePnrLookup === personPnrLookup ? row : null;
  return viaLink ? row : null;
}

/** Ties an invitation to the person who opened it, once. */
export async function bindInvitation(db: Executor, requestId: string, personId: string, personPnrLookup: string) {
  await db
    .update(bookingRequest)
    .set({
      inviteePersonId: personId,
      inviteePnrLookup: sql`coalesce(${bookingRequest.inviteePnrLookup}, ${personPnrLookup})`,
    })
    .where(and(eq(bookingRequest.id, requestId), isNull(bookingRequest.inviteePersonId)));
}

export async function setInviteeDraft(db: Executor, requestId: string, draftId: string) {
  await db.update(bookingRequest).set({ inviteeDraftId: draftId }).where(eq(bookingRequest.id, requestId));
}

/** The invited parent says no. The unit sees it on the request; the requester gets a notice without content. */
export async function declineInvitation(db: Executor, requestId: string, personId: string, now = new Date()) {
  const [row] = await db
    .update(bookingRequest)
    .set({ inviteeStatus: "declined", inviteeAnsweredAt: now, inviteeDraftId: null })
    .where(
      and(
        eq(bookingRequest.id, requestId),
        eq(bookingRequest.inviteePersonId, personId),
        eq(bookingRequest.inviteeStatus, "invited"),
      ),
    )
    .returning();
  if (!row) return null;
  await recordEvent(db, requestId, "invitee", "declined", null, now);
  await db.insert(submissionEvent).values({
    submissionId: row.requesterSubmissionId,
    kind: "other_parent_declined",
    visibleToPerson: true,
    at: now,
    details: { requestId },
  });
  return row;
}

// ---- The unit's side ----------------------------------------------------------------------

/**
 * Releases a screened request's invitation: the booking job invites the other parent next. Each
 * parent is given days of their own (the requester keeps the parity of the day they already
 * booked), so their separate talks never fall on the same day and neither parent's list of times
 * changes because of the other's booking. Null when the request is not waiting for screening.
 * `separate` can only make the talks stricter: a requester who did not answer safe on both
 * counts never gets a joint talk.
 */
export async function releaseInvitation(
  db: Executor,
  input: { requestId: string; separate: boolean; by: string; now?: Date },
): Promise<RequestRow | null> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(bookingRequest)
      .where(and(eq(bookingRequest.id, input.requestId), eq(bookingRequest.invitationState, "screening")))
      .for("update");
    if (!request) return null;
    const [own] = await tx
      .select({ startsAt: bookingSlot.startsAt })
      .from(booking)
      .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
      .where(and(eq(booking.requestId, request.id), eq(booking.party, "requester"), eq(booking.status, "booked")));
    const [released] = await tx
      .update(bookingRequest)
      .set({
        invitationState: "pending",
        screenedAt: now,
        screenedBy: input.by,
        separate: input.separate || !request.requesterJointOk,
        requesterDayParity: own ? dayParity(own.startsAt) : 0,
      })
      .where(eq(bookingRequest.id, request.id))
      .returning();
    await recordEvent(tx, request.id, "invitee", "screened", null, now);
    return released ?? null;
  });
}

/**
 * The unit swaps which parent of a released request gets which days. Refused while either parent
 * holds a time of their own, since after the swap it would lie on the other parent's days; the
 * swap itself never looks at the other parent's choices, so each list stays the same whether or
 * not the other has booked. Null when the request has no split (not released) or does not exist.
 */
export async function swapDays(
  db: Executor,
  input: { requestId: string; now?: Date },
): Promise<{ ok: true; requesterDayParity: 0 | 1 } | { ok: false; reason: "not_found" | "booked" }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(bookingRequest)
      .where(eq(bookingRequest.id, input.requestId))
      .for("update");
    const parity = partyDayParity(request, "requester");
    if (!request || parity === null) return { ok: false, reason: "not_found" } as const;
    const [held] = await tx
      .select({ id: booking.id })
      .from(booking)
      .where(and(eq(booking.requestId, request.id), eq(booking.status, "booked"), isNull(booking.joinsBookingId)))
      .limit(1);
    if (held) return { ok: false, reason: "booked" } as const;
    const swapped = parity === 0 ? 1 : 0;
    await tx.update(bookingRequest).set({ requesterDayParity: swapped }).where(eq(bookingRequest.id, request.id));
    await recordEvent(tx, request.id, "requester", "days_swapped", null, now);
    return { ok: true, requesterDayParity: swapped } as const;
  });
}

/**
 * The municipality's setting (BOOKING_AUTO_INVITE): requests whose requester answered that it
 * feels safe to meet and that they have no protected personal data, and whose e-ID shows none,
 * are released without a person screening them first. Every other request waits for the unit.
 */
export async function autoReleaseSafeRequests(db: Executor, now = new Date()): Promise<number> {
  const waiting = await db
    .select({ id: bookingRequest.id })
    .from(bookingRequest)
    .where(and(eq(bookingRequest.invitationState, "screening"), eq(bookingRequest.requesterJointOk, true)))
    .limit(50);
  let released = 0;
  for (const { id } of waiting)
    await db.transaction(async (tx) => {
      if (!(await releaseInvitation(tx, { requestId: id, separate: false, by: "auto", now }))) return;
      await audit(tx, {
        actor: { kind: "system" },
        action: "booking_invitation_released",
        subject: { kind: "booking_request", id },
        details: { separate: false, automatic: true },
      });
      released++;
    });
  return released;
}

export interface NewSlot {
  startsAt: Date;
  minutes: number;
  kind: TalkKind;
  mode: SlotMode;
  location: string | null;
}

export async function publishSlots(db: Executor, slots: readonly NewSlot[], createdBy: string): Promise<number> {
  if (slots.length === 0) return 0;
  const rows = await db
    .insert(bookingSlot)
    .values(slots.map((s) => ({ ...s, location: s.mode === "fysiskt" ? s.location : null, createdBy })))
    .returning({ id: bookingSlot.id });
  return rows.length;
}

/**
 * The 14-day figures: for requests made in the period, how soon the first talk was offered and
 * booked. "Offered" is the soonest free time that fitted when the parent asked.
 */
export async function targetFigures(db: Executor, since: Date) {
  const requests = await db
    .select({ id: bookingRequest.id, createdAt: bookingRequest.createdAt })
    .from(bookingRequest)
    .where(gte(bookingRequest.createdAt, since));
  const events = requests.length
    ? await db
        .select()
        .from(bookingEvent)
        .where(
          and(
            inArray(
              bookingEvent.requestId,
              requests.map((r) => r.id),
            ),
            eq(bookingEvent.party, "requester"),
            inArray(bookingEvent.kind, ["offered", "booked"]),
          ),
        )
        .orderBy(asc(bookingEvent.at))
    : [];
  let offeredWithin = 0;
  let bookedWithin = 0;
  let booked = 0;
  for (const request of requests) {
    const offered = events.find((e) => e.requestId === request.id && e.kind === "offered");
    const firstBooked = events.find((e) => e.requestId === request.id && e.kind === "booked");
    if (offered?.slotStartsAt && withinTarget(request.createdAt, offered.slotStartsAt)) offeredWithin++;
    if (firstBooked?.slotStartsAt) {
      booked++;
      if (withinTarget(request.createdAt, firstBooked.slotStartsAt)) bookedWithin++;
    }
  }
  return { requests: requests.length, offeredWithin, booked, bookedWithin };
}

export { slotLabel };
