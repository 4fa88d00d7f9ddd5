import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { bookingRequest, submissionEvent } from "#db/schema";
import { recordEvent } from "./booking.server";

/**
 * The other parent's invitation: found for the person it was sent to, bound to their login and
 * draft, or declined (the requester learns only that the other parent declined).
 */

/** The request a draft answers as the invited parent, if it is one, and still theirs. */
export async function invitationOfDraft(db: Executor, draftId: string, personId: string | null) {
  const [row] = await db.select().from(bookingRequest).where(eq(bookingRequest.inviteeDraftId, draftId));
  return row && personId && row.inviteePersonId === personId && row.inviteeStatus === "invited" ? row : null;
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
