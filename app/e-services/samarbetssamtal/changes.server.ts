import { and, eq, or } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { booking, bookingRequest, bookingSlot, submissionEvent } from "#db/schema";
import { type Needs } from "./answers";
import { type BookingRow, type Party, partyDayParity, filterOf, whyUnavailable } from "./availability.server";
import { recordEvent, insertBooking } from "./booking.server";

/**
 * Cancelling and moving a booked time (avboka, boka om), each in one transaction on the person's
 * own live booking and refused inside the cut-off; a joint talk one parent leaves becomes the other
 * parent's own talk, and they are told so neutrally.
 */

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
