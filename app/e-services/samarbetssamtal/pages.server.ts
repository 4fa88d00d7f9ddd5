import { data, redirect } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { submission } from "#db/schema";
import { audit } from "~/audit/audit.server";
import { auditRefusal } from "~/audit/refusal.server";
import { requireResident } from "~/auth/guards.server";
import { pnrLookup } from "~/auth/people.server";
import { readForm } from "~/http/form.server";
import { i18next, languageOfRequest } from "~/i18n/i18next.server";
import { createDraft } from "~/intake/drafts.server";
import { journeyState } from "~/intake/journey";
import { receiptLoader, type ReceiptPageData } from "~/intake/receipt.server";
import { isValidReference } from "~/intake/reference";
import { stepUrl } from "~/intake/step-url";
import { readSubmission } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import { enqueueNotice } from "~/notify/notices.server";
import { needsFromAnswers } from "./answers";
import { filterOf, freeSlots, isProtected, partyDayParity, slotView } from "./availability.server";
import { bookingsOfPerson, liveBookingOf, requestOfSubmission } from "./booking.server";
import { type BookingOutcome, cancelBooking, rebook } from "./changes.server";
import {
  bindInvitation,
  declineInvitation,
  invitationForPerson,
  invitationsFor,
  setInviteeDraft,
} from "./invitations.server";
import { samarbetssamtal as definition } from "./definition.server";
import { calendarFile } from "./ics";
import { bookingSettings } from "./settings.server";
import { sectionsWithTimeNow } from "./time-now.server";
import { requestIdFromToken } from "./jobs.server";
import { groupByDay, withinTarget, type DayGroup, type SlotView } from "./slots";

/**
 * Loaders and actions of the service's own pages: the parent's bookings, one booking (cancel,
 * book, move), its calendar file, the receipt with the booking and the invitation. Every page
 * reads only the logged-in person's own submission.
 */

const lookupOf = (context: RequestContext, pnr: string) =>
  pnrLookup({ personLookup: context.services.config.secrets.personLookup }, pnr);

/** The person's own submission to this service, by reference; a 404 for anything else. */
async function ownSubmission(context: RequestContext, personId: string, reference: string | undefined) {
  if (!reference || !isValidReference(reference)) throw data(null, { status: 404 });
  const [row] = await context.services.database.db
    .select()
    .from(submission)
    .where(and(eq(submission.reference, reference), eq(submission.serviceId, definition.id)));
  if (!row || row.personId !== personId) {
    await auditRefusal(context, { kind: "booking", id: reference });
    throw data(null, { status: 404 });
  }
  return row;
}

export interface BookedTime {
  bookingId: string;
  startsAt: string;
  minutes: number;
  mode: "fysiskt" | "digitalt";
  /** Null when digital or protected. */
  location: string | null;
  protected: boolean;
  joint: boolean;
  /** Still before the cut-off: the person may cancel or move it online. */
  changeable: boolean;
}

function bookedTime(
  live: NonNullable<Awaited<ReturnType<typeof liveBookingOf>>>,
  cutoffHours: number,
  now = new Date(),
): BookedTime {
  const view = slotView(live.slot, live.booking.protected);
  return {
    bookingId: live.booking.id,
    startsAt: view.startsAt,
    minutes: view.minutes,
    mode: view.mode,
    location: view.location,
    protected: live.booking.protected,
    joint: !!live.booking.joinsBookingId,
    changeable: live.slot.startsAt.getTime() - now.getTime() >= cutoffHours * 3_600_000,
  };
}

// ---- Mina bokningar ------------------------------------------------------------------------

export async function myBookingsLoader(request: Request, context: RequestContext) {
  const { person } = requireResident(request, context);
  const { db } = context.services.database;
  const cutoff = bookingSettings.of(context.services.config).cancelCutoffHours;
  const rows = await bookingsOfPerson(db, person.id);
  return {
    bookings: rows.map((row) => ({
      reference: row.reference,
      createdAt: row.createdAt.toISOString(),
      time: row.live ? bookedTime(row.live, cutoff) : null,
    })),
    invitations: (await invitationsFor(db, person.id, lookupOf(context, person.pnr))).map((i) => ({
      id: i.id,
      kind: i.kind,
      createdAt: i.createdAt.toISOString(),
    })),
  };
}

// ---- The invitation ------------------------------------------------------------------------

/** The neutral link in an invitation notice: binds the invitation to whoever logs in, then shows it. */
export async function invitationLinkLoader(request: Request, context: RequestContext, token: string | undefined) {
  const { person } = requireResident(request, context);
  const requestId = requestIdFromToken(context.services.config.secrets.session, token ?? "");
  if (!requestId) throw data(null, { status: 404 });
  const { db } = context.services.database;
  const lookup = lookupOf(context, person.pnr);
  const invitation = await invitationForPerson(db, requestId, person.id, lookup, true);
  if (!invitation) throw data(null, { status: 404 });
  await bindInvitation(db, invitation.id, person.id, lookup);
  throw redirect(`/samarbetssamtal/inbjudan/${invitation.id}`);
}

export async function invitationLoader(request: Request, context: RequestContext, id: string | undefined) {
  const { person } = requireResident(request, context);
  const invitation = await invitationForPerson(
    context.services.database.db,
    id ?? "",
    person.id,
    lookupOf(context, person.pnr),
  );
  if (!invitation) throw data(null, { status: 404 });
  // Nothing of the other parent: not their name, not the children they named, not their time.
  return {
    id: invitation.id,
    kind: invitation.kind,
    status: invitation.inviteeStatus,
    createdAt: invitation.createdAt.toISOString(),
  };
}

export async function invitationAction(request: Request, context: RequestContext, id: string | undefined) {
  const { person } = requireResident(request, context);
  const form = await readForm(request, context);
  const { db } = context.services.database;
  const { keyring } = context.services.config.secrets;
  const lookup = lookupOf(context, person.pnr);
  const invitation = await invitationForPerson(db, id ?? "", person.id, lookup);
  if (!invitation || invitation.inviteeStatus !== "invited") throw data(null, { status: 404 });
  await bindInvitation(db, invitation.id, person.id, lookup);

  if (form.get("intent") === "decline") {
    await db.transaction(async (tx) => {
      const declined = await declineInvitation(tx, invitation.id, person.id);
      if (declined?.requesterPersonId)
        await enqueueNotice(tx, context.services.boss, {
          personId: declined.requesterPersonId,
          kind: "status",
          submissionId: declined.requesterSubmissionId,
        });
      await audit(tx, {
        actor: { kind: "person", id: person.id },
        action: "booking_invitation_declined",
        subject: { kind: "booking_request", id: invitation.id },
      });
    });
    return redirect(`/samarbetssamtal/inbjudan/${invitation.id}`, 303);
  }
  if (form.get("intent") !== "accept") throw data(null, { status: 400 });
  const answers = { samtal: { kind: invitation.kind, role: "inbjuden" } };
  const draftId = await createDraft(
    db,
    keyring,
    definition,
    { personId: person.id },
    answers,
    context.services.config.retention.draftDays,
  );
  await setInviteeDraft(db, invitation.id, draftId);
  const first = journeyState(definition, answers, { loggedIn: true, pnr: person.pnr, today: new Date() }).resumeAt;
  return redirect(stepUrl(definition, draftId, first), 303);
}

// ---- The receipt, with the booked time -----------------------------------------------------

export interface BookingReceiptData {
  receipt: ReceiptPageData;
  time: BookedTime | null;
  choice: "tid" | "gemensam" | "ingen" | null;
  party: "requester" | "invitee" | null;
  cutoffHours: number;
  /** The unit's number, for a time past the cut-off. */
  phone: string;
}

export async function bookingReceiptLoader(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
): Promise<BookingReceiptData> {
  // The engine's receipt decides who may see it (a 404 for anyone but the sender).
  const receipt = await receiptLoader(request, context, { ...params, service: definition.slug });
  const { db } = context.services.database;
  const [row] = await db
    .select({ id: submission.id })
    .from(submission)
    .where(eq(submission.reference, receipt.reference));
  const live = await liveBookingOf(db, row!.id);
  const linked = await requestOfSubmission(db, row!.id);
  const cutoff = bookingSettings.of(context.services.config).cancelCutoffHours;
  const choice = receipt.sections
    .find((s) => s.stepId === "tid")
    ?.groups[0]?.find((r) => r.fieldId === "choice")?.value;
  // "Det här skickade du" shows the time that holds now, so the receipt never contradicts the booking above it.
  const sections = await sectionsWithTimeNow(db, row!.id, receipt.sections);
  return {
    receipt: { ...receipt, sections },
    time: live ? bookedTime(live, cutoff) : null,
    choice: choice === "tid" || choice === "gemensam" || choice === "ingen" ? choice : null,
    party: linked?.party ?? null,
    cutoffHours: cutoff,
    phone: context.services.config.municipality.contact.phone,
  };
}

// ---- One booking: see it, cancel it, book or move it ----------------------------------------

export type BookingMessage =
  "not_found" | "already_cancelled" | "too_late" | "taken" | "past" | "unavailable" | "changed" | "required";

export interface BookingPageData {
  reference: string;
  time: BookedTime | null;
  groups: DayGroup[];
  firstWithinTarget: boolean;
  cutoffHours: number;
  phone: string;
  /** What just happened (after a redirect), or why the last attempt changed nothing. */
  done: "cancelled" | "booked" | "moved" | null;
  error: BookingMessage | null;
}

async function bookingPage(
  request: Request,
  context: RequestContext,
  reference: string | undefined,
  error: BookingMessage | null = null,
): Promise<BookingPageData & { personId: string; submissionId: string }> {
  const { person } = requireResident(request, context);
  const row = await ownSubmission(context, person.id, reference);
  const { db } = context.services.database;
  const { keyring } = context.services.config.secrets;
  const view = await readSubmission(db, keyring, row, { kind: "person", id: person.id }, "booking");
  const needs = needsFromAnswers(view.answers);
  const prot = row.flags.includes("protected_identity") || (await isProtected(db, person.id, view.answers));
  const now = new Date();
  // Once the request is screened, each parent sees their own days only (see releaseInvitation).
  const linked = await requestOfSubmission(db, row.id);
  const slots = await freeSlots(
    db,
    filterOf(needs, partyDayParity(linked?.request, linked?.party ?? "requester")),
    now,
  );
  const live = await liveBookingOf(db, row.id);
  const cutoff = bookingSettings.of(context.services.config).cancelCutoffHours;
  const done = new URL(request.url).searchParams.get("klart");
  return {
    personId: person.id,
    submissionId: row.id,
    reference: row.reference,
    time: live ? bookedTime(live, cutoff, now) : null,
    groups: groupByDay(slots.map((s): SlotView => slotView(s, prot))),
    firstWithinTarget: slots[0] ? withinTarget(now, slots[0].startsAt) : false,
    cutoffHours: cutoff,
    phone: context.services.config.municipality.contact.phone,
    done: done === "cancelled" || done === "booked" || done === "moved" ? done : null,
    error,
  };
}

const strip = ({
  personId: _p,
  submissionId: _s,
  ...page
}: BookingPageData & { personId: string; submissionId: string }) => page;

export async function bookingLoader(request: Request, context: RequestContext, reference: string | undefined) {
  return strip(await bookingPage(request, context, reference));
}

export async function bookingAction(request: Request, context: RequestContext, reference: string | undefined) {
  const { person } = requireResident(request, context);
  const form = await readForm(request, context);
  const row = await ownSubmission(context, person.id, reference);
  const { db } = context.services.database;
  const cutoffHours = bookingSettings.of(context.services.config).cancelCutoffHours;
  const intent = form.get("intent");
  const bookingId = form.get("booking") || null;
  const back = (done: string) => redirect(`/samarbetssamtal/bokning/${row.reference}?klart=${done}`, 303);
  const failed = async (reason: BookingMessage, status = 409) =>
    data(strip(await bookingPage(request, context, reference, reason)), { status });

  // The parent left behind in a joint talk gets a notice without content, like every other change.
  const tellOthers = async (outcome: BookingOutcome) => {
    if (!outcome.ok) return;
    for (const other of outcome.nowSeparate ?? [])
      if (other.personId)
        await enqueueNotice(db, context.services.boss, {
          personId: other.personId,
          kind: "status",
          submissionId: other.submissionId,
        });
  };
  if (intent === "cancel") {
    const outcome = await cancelBooking(db, { bookingId: bookingId ?? "", personId: person.id, cutoffHours });
    await tellOthers(outcome);
    return outcome.ok ? back("cancelled") : failed(outcome.reason);
  }
  if (intent === "book") {
    const slotId = form.get("slot") ?? "";
    if (!slotId) return failed("required", 400);
    const view = await readSubmission(
      db,
      context.services.config.secrets.keyring,
      row,
      { kind: "person", id: person.id },
      "booking",
    );
    const outcome = await rebook(db, {
      submissionId: row.id,
      personId: person.id,
      bookingId,
      slotId,
      needs: needsFromAnswers(view.answers),
      protected: row.flags.includes("protected_identity") || (await isProtected(db, person.id, view.answers)),
      cutoffHours,
    });
    await tellOthers(outcome);
    return outcome.ok ? back(bookingId ? "moved" : "booked") : failed(outcome.reason);
  }
  throw data(null, { status: 400 });
}

/** The calendar file for the person's own booked time: neutral summary, no names, no address when protected. */
export async function calendarLoader(request: Request, context: RequestContext, reference: string | undefined) {
  const { person } = requireResident(request, context);
  const row = await ownSubmission(context, person.id, reference);
  const live = await liveBookingOf(context.services.database.db, row.id);
  if (!live) throw data(null, { status: 404 });
  const t = await i18next.getFixedT(await languageOfRequest(request), "samarbetssamtal");
  const time = bookedTime(live, 0);
  const body = calendarFile({
    uid: `${live.booking.id}@${context.services.config.publicUrl.hostname}`,
    start: live.slot.startsAt,
    minutes: live.slot.minutes,
    summary: t("calendar.summary"),
    location: time.location,
    description: t(
      time.mode === "digitalt" ? "calendar.digital" : time.location ? "calendar.physical" : "calendar.placeByPhone",
    ),
    stamp: new Date(),
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="samtal.ics"',
      "Cache-Control": "no-store",
    },
  });
}
