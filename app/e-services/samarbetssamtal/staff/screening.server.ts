import { and, asc, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { booking, bookingRequest, bookingSlot, submission } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import type { Keyring } from "~/crypto/envelope";
import { answer, needsFromAnswers } from "../answers";
import { partyDayParity } from "../availability.server";
import { releaseInvitation, swapDays } from "../unit-actions.server";
import { dayParity } from "../slots";
import { localDay } from "~/municipality/time";
import { readSubmission } from "~/intake/submissions.server";
import { UUID } from "~/staff/guard.server";

/**
 * The family-law unit's screening step: every samarbetssamtal request waits here until a member
 * of staff has screened for violence (FREDA short questions, asked by staff, never by the form)
 * and released the invitation to the other parent, deciding whether the talks must be kept apart.
 */

export interface AwaitingScreening {
  requestId: string;
  reference: string;
  kind: "samarbetssamtal" | "informationssamtal";
  createdAt: string;
  /** The requester answered that it feels safe to meet and that they have no protected personal data. */
  saidSafe: boolean;
  protected: boolean;
  /** The requester's own booked time, if any (the unit only; never shown to the other parent). */
  requesterBooked: string | null;
}

export async function requestsAwaitingScreening(db: Executor): Promise<AwaitingScreening[]> {
  const rows = await db
    .select({ request: bookingRequest, reference: submission.reference, flags: submission.flags })
    .from(bookingRequest)
    .innerJoin(submission, eq(submission.id, bookingRequest.requesterSubmissionId))
    .where(eq(bookingRequest.invitationState, "screening"))
    .orderBy(asc(bookingRequest.createdAt))
    .limit(200);
  const ids = rows.map((r) => r.request.id);
  const booked = ids.length
    ? await db
        .select({ requestId: booking.requestId, startsAt: bookingSlot.startsAt })
        .from(booking)
        .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
        .where(and(inArray(booking.requestId, ids), eq(booking.party, "requester"), eq(booking.status, "booked")))
    : [];
  return rows.map((r) => ({
    requestId: r.request.id,
    reference: r.reference,
    kind: r.request.kind,
    createdAt: r.request.createdAt.toISOString(),
    saidSafe: r.request.requesterJointOk,
    protected: r.flags.includes("protected_identity"),
    requesterBooked: booked.find((b) => b.requestId === r.request.id)?.startsAt.toISOString() ?? null,
  }));
}

export type ReleaseOutcome = { ok: true } | { ok: false; reason: "not_found" | "not_screened" | "separate_required" };

/**
 * Releases one request after screening. The member of staff must confirm that screening is done
 * and say whether the talks are kept apart; a requester who did not answer safe on both counts
 * always gets separate talks. The release is audited.
 */
export async function releaseAfterScreening(
  db: Executor,
  actor: Actor & { kind: "staff" },
  input: { requestId: string; screened: boolean; separate: string | null },
  now = new Date(),
): Promise<ReleaseOutcome> {
  if (!UUID.test(input.requestId)) return { ok: false, reason: "not_found" };
  if (!input.screened) return { ok: false, reason: "not_screened" };
  if (input.separate !== "ja" && input.separate !== "nej") return { ok: false, reason: "separate_required" };
  return db.transaction(async (tx) => {
    const released = await releaseInvitation(tx, {
      requestId: input.requestId,
      separate: input.separate === "ja",
      by: `staff:${actor.id}`,
      now,
    });
    if (!released) return { ok: false, reason: "not_found" } as const;
    await audit(tx, {
      actor,
      action: "booking_invitation_released",
      subject: { kind: "booking_request", id: released.id },
      details: { separate: released.separate ?? true, automatic: false },
    });
    return { ok: true } as const;
  });
}

/** A released request as the unit follows it: who has been invited, who has answered, who has booked. */
export interface FollowedRequest {
  requestId: string;
  reference: string;
  kind: "samarbetssamtal" | "informationssamtal";
  separate: boolean;
  invitation: "pending" | "queued" | "sent" | "letter";
  answer: "invited" | "accepted" | "declined";
  requesterBooked: boolean;
  inviteeBooked: boolean;
  /** The language each parent needs an interpreter for; null when they need none (or have not answered). */
  requesterInterpreter: string | null;
  inviteeInterpreter: string | null;
  /** The next few days each parent may book on (YYYY-MM-DD), when the request has a day split. */
  days: { requester: string[]; invitee: string[] } | null;
  /** The unit may still swap the days: neither parent holds a time of their own. */
  swappable: boolean;
}

/** The next `count` local days from `from` of the given parity, as YYYY-MM-DD. */
function nextDays(parity: 0 | 1, from: Date, count = 4): string[] {
  const days: string[] = [];
  for (let d = 0; days.length < count && d < 2 * count + 2; d++) {
    const instant = new Date(from.getTime() + d * 86_400_000);
    if (dayParity(instant) === parity) days.push(localDay(instant));
  }
  return days;
}

/**
 * Requests released since `since`, newest first: the two parents' sides of each, linked, with the
 * interpreter language each asked for. That lives in the sealed answers, so each submission opened
 * for it is audited as a read by this staff member.
 */
export async function releasedRequests(
  db: Executor,
  keyring: Keyring,
  actor: Actor,
  since: Date,
): Promise<FollowedRequest[]> {
  const rows = await db
    .select({ request: bookingRequest, reference: submission.reference })
    .from(bookingRequest)
    .innerJoin(submission, eq(submission.id, bookingRequest.requesterSubmissionId))
    .where(and(ne(bookingRequest.invitationState, "screening"), gte(bookingRequest.createdAt, since)))
    .orderBy(desc(bookingRequest.createdAt))
    .limit(200);
  const ids = rows.map((r) => r.request.id);
  const live = ids.length
    ? await db
        .select({ requestId: booking.requestId, party: booking.party })
        .from(booking)
        .where(and(inArray(booking.requestId, ids), eq(booking.status, "booked")))
    : [];
  const has = (requestId: string, party: "requester" | "invitee") =>
    live.some((b) => b.requestId === requestId && b.party === party);
  const now = new Date();
  const interpreters = await interpreterLanguages(
    db,
    keyring,
    actor,
    rows.flatMap(({ request }) => [request.requesterSubmissionId, request.inviteeSubmissionId]),
  );
  const language = (id: string | null) => (id ? (interpreters.get(id) ?? null) : null);
  return rows.map(({ request, reference }) => ({
    requestId: request.id,
    reference,
    kind: request.kind,
    separate: request.separate ?? !request.requesterJointOk,
    invitation: request.invitationState === "screening" ? "pending" : request.invitationState,
    answer: request.inviteeStatus,
    requesterBooked: has(request.id, "requester"),
    inviteeBooked: has(request.id, "invitee"),
    requesterInterpreter: language(request.requesterSubmissionId),
    inviteeInterpreter: language(request.inviteeSubmissionId),
    ...daySplit(request, now, has(request.id, "requester") || has(request.id, "invitee")),
  }));
}

function daySplit(request: typeof bookingRequest.$inferSelect, now: Date, anyBooked: boolean) {
  const requester = partyDayParity(request, "requester");
  const invitee = partyDayParity(request, "invitee");
  if (requester === null || invitee === null) return { days: null, swappable: false };
  return {
    days: { requester: nextDays(requester, now), invitee: nextDays(invitee, now) },
    // A joint talk has no split to adjust; a held time would land on the other parent's days.
    swappable: (request.separate ?? !request.requesterJointOk) && !anyBooked,
  };
}

export type SwapOutcome = { ok: true } | { ok: false; reason: "not_found" | "booked" };

/** Staff swap which parent of a separate-talk request gets which days; audited. */
export async function swapDaysOfRequest(
  db: Executor,
  actor: Actor & { kind: "staff" },
  requestId: string,
  now = new Date(),
): Promise<SwapOutcome> {
  if (!UUID.test(requestId)) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx) => {
    const outcome = await swapDays(tx, { requestId, now });
    if (!outcome.ok) return outcome;
    await audit(tx, {
      actor,
      action: "booking_days_swapped",
      subject: { kind: "booking_request", id: requestId },
      details: { requesterDayParity: outcome.requesterDayParity },
    });
    return { ok: true } as const;
  });
}

/** The interpreter language of each of these submissions that asked for one. */
async function interpreterLanguages(
  db: Executor,
  keyring: Keyring,
  actor: Actor,
  ids: (string | null)[],
): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => !!id);
  const rows = wanted.length ? await db.select().from(submission).where(inArray(submission.id, wanted)) : [];
  const languages = new Map<string, string>();
  for (const row of rows) {
    const { answers } = await readSubmission(db, keyring, row, actor, "bookings_view");
    const needs = needsFromAnswers(answers);
    const named = answer(answers, "tolk", "language");
    if (needs.interpreter && typeof named === "string" && named) languages.set(row.id, named);
  }
  return languages;
}
