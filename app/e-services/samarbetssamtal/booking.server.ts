import { and, desc, eq, or, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "#db/connect";
import {
  booking,
  bookingChoice,
  bookingEvent,
  bookingRequest,
  bookingSlot,
  submission,
  submissionEvent,
} from "#db/schema";
import { SubmitConflict, type SubmitHookContext } from "~/intake/definition";
import { answer, invitationChannel, needsFromAnswers } from "./answers";
import { withinTarget } from "./slots";
import {
  type Party,
  type SlotFilter,
  partyDayParity,
  filterOf,
  slotDayParity,
  freeSlots,
  whyUnavailable,
} from "./availability.server";

/**
 * Booking a time, and reading a person's bookings. Capacity is the database's business: a slot
 * holds one live booking by a unique index (booking_slot_live), and every booking is an INSERT …
 * ON CONFLICT DO NOTHING against it, so of any number of parallel attempts exactly one gets the
 * time. Every read here is scoped to one person's own submission: nothing of one parent's booking
 * is ever selected for the other, unless both chose a joint talk.
 */

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

export async function recordEvent(
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
