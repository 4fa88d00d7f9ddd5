import { and, asc, eq, gte, inArray, isNull } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { booking, bookingEvent, bookingRequest, bookingSlot } from "#db/schema";
import { audit } from "~/audit/audit.server";
import { dayParity, withinTarget, type SlotMode, type TalkKind } from "./slots";
import { type RequestRow, partyDayParity } from "./availability.server";
import { recordEvent } from "./booking.server";

/**
 * What the family-law unit does from the staff console: releasing a screened request's
 * invitation, swapping the parents' days, publishing times and the follow-up figure; and the
 * automatic release a municipality may allow for requests answered safe on both counts.
 */

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
