import { and, asc, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { booking, bookingRequest, bookingSlot, submission } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import { releaseInvitation } from "~/e-services/samarbetssamtal/booking.server";
import { UUID } from "../guard.server";

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
}

/** Requests released since `since`, newest first: the two parents' sides of each, linked. */
export async function releasedRequests(db: Executor, since: Date): Promise<FollowedRequest[]> {
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
  return rows.map(({ request, reference }) => ({
    requestId: request.id,
    reference,
    kind: request.kind,
    separate: request.separate ?? !request.requesterJointOk,
    invitation: request.invitationState === "screening" ? "pending" : request.invitationState,
    answer: request.inviteeStatus,
    requesterBooked: has(request.id, "requester"),
    inviteeBooked: has(request.id, "invitee"),
  }));
}
