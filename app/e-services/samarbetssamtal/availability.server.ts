import { and, asc, eq, gt, gte, isNull, lt, notExists, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { booking, bookingRequest, bookingSlot, person } from "#db/schema";
import type { AnswersSoFar } from "~/intake/fields";
import { needsFromAnswers, type Needs } from "./answers";
import { dayParity, HORIZON_DAYS, TIME_ZONE, type SlotMode, type SlotView, type TalkKind } from "./slots";

/**
 * Which times a parent may book: the free slots that fit their needs (kind, mode, length,
 * interpreter) on their own days, a joint talk's time, and why a chosen time is no longer
 * possible. Every read is scoped to one parent's needs and days: nothing here looks at the other
 * parent's choices, so a parent's list is the same whether or not the other has booked.
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
export const slotDayParity = (startsAt: unknown) =>
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
