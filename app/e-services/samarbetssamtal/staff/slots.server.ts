import { and, asc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import {
  booking,
  bookingAttendance,
  bookingEvent,
  bookingRequest,
  bookingSlot,
  submission,
  submissionEvent,
} from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import type { NewSlot } from "../unit-actions.server";
import { addDays, localDay, localTime, zonedInstant } from "~/municipality/time";
import { isLanguageCode } from "~/i18n/languages";
import { translator } from "~/i18n/server-translations.server";
import { enqueueNotice } from "~/notify/notices.server";
import { UUID } from "~/staff/guard.server";

/**
 * The family-law unit's side of bookable times beyond publishing them (app/e-services/
 * samarbetssamtal): repeating a day's times weekly, cancelling a time someone has booked (the
 * parent is told on Mina sidor and by a notice that says only that something changed), the
 * bookings as the unit sees them, and marking whether a booked talk was held.
 */

export const MAX_WEEKS = 26;

/**
 * The same times every week for `weeks` weeks (1 = only the given week), at the same wall-clock
 * time in the unit's time zone, so a series keeps its hour across the change to and from summer
 * time. A time that does not exist that day (the hour skipped in spring) is left out.
 */
export function repeatWeekly(slots: readonly NewSlot[], weeks: number, timeZone: string): NewSlot[] {
  const out: NewSlot[] = [];
  for (let week = 0; week < weeks; week++) {
    for (const slot of slots) {
      const startsAt = zonedInstant(
        addDays(localDay(slot.startsAt, timeZone), 7 * week),
        localTime(slot.startsAt, timeZone),
        timeZone,
      );
      if (startsAt) out.push({ ...slot, startsAt });
    }
  }
  return out;
}

export type CancelOutcome =
  { ok: true; bookings: number } | { ok: false; reason: "not_found" | "already_cancelled" | "past" };

/** The live bookings of a slot, with the submission each belongs to. */
export async function liveBookingsOfSlot(db: Executor, slotId: string) {
  return db
    .select({
      id: booking.id,
      requestId: booking.requestId,
      party: booking.party,
      personId: booking.personId,
      submissionId: booking.submissionId,
      reference: submission.reference,
      language: submission.language,
    })
    .from(booking)
    .innerJoin(submission, eq(submission.id, booking.submissionId))
    .where(and(eq(booking.slotId, slotId), eq(booking.status, "booked")));
}

/**
 * Cancels a time, booked or not. Each parent who had booked it loses the booking, sees on Mina
 * sidor (in the language they wrote in) that the unit cancelled it and that they may book another
 * time, and gets a notice without content. The time is not offered again.
 */
export async function cancelSlotByUnit(
  deps: { db: Executor; boss: PgBoss },
  actor: Actor & { kind: "staff" },
  slotId: string,
  now = new Date(),
): Promise<CancelOutcome> {
  if (!UUID.test(slotId)) return { ok: false, reason: "not_found" };
  return deps.db.transaction(async (tx) => {
    const [slot] = await tx.select().from(bookingSlot).where(eq(bookingSlot.id, slotId)).for("update");
    if (!slot) return { ok: false, reason: "not_found" } as const;
    if (slot.cancelledAt) return { ok: false, reason: "already_cancelled" } as const;
    if (slot.startsAt <= now) return { ok: false, reason: "past" } as const;
    await tx.update(bookingSlot).set({ cancelledAt: now }).where(eq(bookingSlot.id, slotId));
    const live = await liveBookingsOfSlot(tx, slotId);
    for (const b of live) {
      await tx.update(booking).set({ status: "cancelled", cancelledAt: now }).where(eq(booking.id, b.id));
      await tx
        .insert(bookingEvent)
        .values({ requestId: b.requestId, party: b.party, kind: "cancelled_by_unit", at: now });
      const t = await translator(isLanguageCode(b.language) ? b.language : "sv", "staff");
      await tx.insert(submissionEvent).values({
        submissionId: b.submissionId,
        kind: "status",
        visibleToPerson: true,
        at: now,
        details: { text: t("slots.cancelledForPerson"), status: null, bookingId: b.id, byUnit: true },
      });
      if (b.personId)
        await enqueueNotice(tx, deps.boss, { personId: b.personId, kind: "status", submissionId: b.submissionId });
    }
    await audit(tx, {
      actor,
      action: "booking_slot_cancelled",
      subject: { kind: "booking_slot", id: slotId },
      details: { bookings: live.length },
    });
    return { ok: true, bookings: live.length } as const;
  });
}

const requesterSubmission = alias(submission, "requester_submission");

export interface StaffBooking {
  bookingId: string;
  reference: string;
  party: "requester" | "invitee";
  startsAt: string;
  minutes: number;
  kind: string;
  mode: string;
  protected: boolean;
  joint: boolean;
  /** The requester's receipt reference: the same on both parents' bookings of one request. */
  requestReference: string;
  /** The unit decided at screening that the parents never meet; null before screening. */
  separate: boolean | null;
  outcome: "attended" | "no_show" | null;
  /** The talk has begun: whether it was held can be marked. */
  markable: boolean;
  /** The booking's submission's queue, and whether it has a person to write to on Mina sidor. */
  queue: string;
  hasPerson: boolean;
}

/** Live bookings in [from, to), soonest first, with whether each was held. */
export async function bookingsForStaff(db: Executor, from: Date, to: Date, now = new Date()): Promise<StaffBooking[]> {
  const rows = await db
    .select({
      booking,
      slot: bookingSlot,
      reference: submission.reference,
      queue: submission.queue,
      personId: submission.personId,
      requestReference: requesterSubmission.reference,
      separate: bookingRequest.separate,
      outcome: bookingAttendance.outcome,
    })
    .from(booking)
    .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
    .innerJoin(submission, eq(submission.id, booking.submissionId))
    .innerJoin(bookingRequest, eq(bookingRequest.id, booking.requestId))
    .innerJoin(requesterSubmission, eq(requesterSubmission.id, bookingRequest.requesterSubmissionId))
    .leftJoin(bookingAttendance, eq(bookingAttendance.bookingId, booking.id))
    .where(and(eq(booking.status, "booked"), gte(bookingSlot.startsAt, from), lt(bookingSlot.startsAt, to)))
    .orderBy(asc(bookingSlot.startsAt), asc(booking.bookedAt));
  return rows.map((r) => ({
    bookingId: r.booking.id,
    reference: r.reference,
    party: r.booking.party,
    startsAt: r.slot.startsAt.toISOString(),
    minutes: r.slot.minutes,
    kind: r.slot.kind,
    mode: r.slot.mode,
    protected: r.booking.protected,
    joint: r.booking.joinsBookingId !== null,
    requestReference: r.requestReference,
    separate: r.separate,
    outcome: r.outcome ?? null,
    markable: r.slot.startsAt <= now,
    queue: r.queue,
    hasPerson: r.personId !== null,
  }));
}

export type AttendanceOutcome = { ok: true } | { ok: false; reason: "not_found" | "not_yet" };

/**
 * Marks whether a booked talk was held, once it has begun; marking again changes the mark. A
 * no-show is kept for the unit's figures (attendance, and a first talk that was not held does not
 * count as held within 14 days); the parent is not told.
 */
export async function markAttendance(
  db: Executor,
  actor: Actor & { kind: "staff" },
  bookingId: string,
  outcome: "attended" | "no_show",
  now = new Date(),
): Promise<AttendanceOutcome> {
  if (!UUID.test(bookingId)) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ booking, startsAt: bookingSlot.startsAt })
      .from(booking)
      .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
      .where(and(eq(booking.id, bookingId), eq(booking.status, "booked")));
    if (!row) return { ok: false, reason: "not_found" } as const;
    if (row.startsAt > now) return { ok: false, reason: "not_yet" } as const;
    await tx
      .insert(bookingAttendance)
      .values({ bookingId, outcome, markedBy: actor.id, markedAt: now })
      .onConflictDoUpdate({ target: bookingAttendance.bookingId, set: { outcome, markedBy: actor.id, markedAt: now } });
    await tx.insert(bookingEvent).values({
      requestId: row.booking.requestId,
      party: row.booking.party,
      kind: outcome,
      at: now,
      slotStartsAt: row.startsAt,
    });
    await audit(tx, {
      actor,
      action: "booking_attendance_marked",
      subject: { kind: "booking", id: bookingId },
      details: { outcome },
    });
    return { ok: true } as const;
  });
}

/** Attendance of the talks held in [from, to): the share of marked talks that were held. */
export async function attendanceFigures(db: Executor, from: Date, to: Date) {
  const rows = await db
    .select({ outcome: bookingAttendance.outcome, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(bookingAttendance)
    .innerJoin(booking, eq(booking.id, bookingAttendance.bookingId))
    .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
    .where(and(gte(bookingSlot.startsAt, from), lt(bookingSlot.startsAt, to)))
    .groupBy(bookingAttendance.outcome);
  const attended = rows.find((r) => r.outcome === "attended")?.count ?? 0;
  const noShow = rows.find((r) => r.outcome === "no_show")?.count ?? 0;
  return { attended, noShow };
}

/** Slots from a day on, each with its live bookings' references (for the unit). */
export async function slotsWithBookings(db: Executor, from: Date, days = 60) {
  const slots = await db
    .select()
    .from(bookingSlot)
    .where(
      and(gte(bookingSlot.startsAt, from), lte(bookingSlot.startsAt, new Date(from.getTime() + days * 86_400_000))),
    )
    .orderBy(asc(bookingSlot.startsAt), asc(bookingSlot.id));
  const ids = slots.map((s) => s.id);
  const live = ids.length
    ? await db
        .select({ slotId: booking.slotId, reference: submission.reference })
        .from(booking)
        .innerJoin(submission, eq(submission.id, booking.submissionId))
        .where(and(inArray(booking.slotId, ids), eq(booking.status, "booked")))
    : [];
  return slots.map((slot) => ({ slot, references: live.filter((b) => b.slotId === slot.id).map((b) => b.reference) }));
}
