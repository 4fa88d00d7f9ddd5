import { data, redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { bookingSlot } from "#db/schema";
import { audit } from "~/audit/audit.server";
import { publishSlots, targetFigures } from "../unit-actions.server";
import { parseSlotForm, type SlotFormErrors } from "../slot-input";
import { parseWeekForm, type WeekFormErrors } from "../week-input";
import { readForm } from "~/http/form.server";
import type { RequestContext } from "~/load-context";
import type { StaffSession } from "~/auth/guards.server";
import { mayUse, queuesOf } from "~/staff/access";
import { requireArea, staffActor, UUID } from "~/staff/guard.server";
import {
  attendanceFigures,
  bookingsForStaff,
  cancelSlotByUnit,
  liveBookingsOfSlot,
  markAttendance,
  MAX_WEEKS,
  repeatWeekly,
  slotsWithBookings,
  type StaffBooking,
} from "./slots.server";
import {
  releaseAfterScreening,
  releasedRequests,
  requestsAwaitingScreening,
  swapDaysOfRequest,
  type AwaitingScreening,
  type FollowedRequest,
} from "./screening.server";

const DAY = 86_400_000;

export interface SlotsPageData {
  slots: {
    id: string;
    startsAt: string;
    minutes: number;
    kind: string;
    mode: string;
    location: string | null;
    cancelled: boolean;
    /** The talk has begun: it can no longer be cancelled here. */
    past: boolean;
    references: string[];
  }[];
  figures: { requests: number; offeredWithin: number; booked: number; bookedWithin: number };
  published: number | null;
  cancelled: { outcome: string; bookings: number } | null;
  /** A booked time about to be cancelled: the unit confirms first, knowing the parents are told. */
  confirm: { slotId: string; startsAt: string; minutes: number; references: string[] } | null;
  errors: (SlotFormErrors & { weeks?: string }) | null;
  values: Record<string, string>;
  /** The normal-week form's problems and what was written, after a refused post. */
  week: { errors: WeekFormErrors; values: Record<string, string> } | null;
}

async function slotsPage(
  request: Request,
  context: RequestContext,
  extra: Partial<Pick<SlotsPageData, "errors" | "values" | "cancelled" | "confirm" | "week">> = {},
): Promise<SlotsPageData> {
  const { db } = context.services.database;
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const published = Number(new URL(request.url).searchParams.get("publicerade"));
  return {
    slots: (await slotsWithBookings(db, today)).map(({ slot, references }) => ({
      id: slot.id,
      startsAt: slot.startsAt.toISOString(),
      minutes: slot.minutes,
      kind: slot.kind,
      mode: slot.mode,
      location: slot.location,
      cancelled: !!slot.cancelledAt,
      past: slot.startsAt.getTime() <= Date.now(),
      references,
    })),
    figures: await targetFigures(db, new Date(Date.now() - 365 * DAY)),
    published: Number.isInteger(published) && published > 0 ? published : null,
    cancelled: null,
    confirm: null,
    errors: null,
    values: {},
    week: null,
    ...extra,
  };
}

export async function slotsLoader(request: Request, context: RequestContext) {
  await requireArea(request, context, "slots");
  return slotsPage(request, context);
}

export async function slotsAction(request: Request, context: RequestContext) {
  const session = await requireArea(request, context, "slots");
  const form = await readForm(request, context);
  const { db } = context.services.database;
  const actor = staffActor(session);
  const intent = form.get("intent");

  if (intent === "cancel" || intent === "cancel-confirmed") {
    const slotId = form.get("slot") ?? "";
    if (!UUID.test(slotId)) throw data(null, { status: 404 });
    const live = await liveBookingsOfSlot(db, slotId);
    if (live.length && intent === "cancel") {
      const [slot] = await db.select().from(bookingSlot).where(eq(bookingSlot.id, slotId));
      if (!slot) throw data(null, { status: 404 });
      return data(
        await slotsPage(request, context, {
          confirm: {
            slotId,
            startsAt: slot.startsAt.toISOString(),
            minutes: slot.minutes,
            references: live.map((b) => b.reference),
          },
        }),
        { status: 200 },
      );
    }
    const outcome = await cancelSlotByUnit({ db, boss: context.services.boss }, actor, slotId);
    if (!outcome.ok && outcome.reason === "not_found") throw data(null, { status: 404 });
    return data(
      await slotsPage(request, context, {
        cancelled: outcome.ok
          ? { outcome: "cancelled", bookings: outcome.bookings }
          : { outcome: outcome.reason, bookings: 0 },
      }),
      { status: outcome.ok ? 200 : 409 },
    );
  }

  if (intent === "publish-week") {
    const week = parseWeekForm(form, context.services.config.municipality.timeZone, new Date());
    if (!week.ok)
      return data(await slotsPage(request, context, { week: { errors: week.errors, values: week.values } }), {
        status: 400,
      });
    const count = await publishSlots(db, week.slots, `staff:${session.staff.subject}`);
    await audit(db, { actor, action: "booking_slots_published", details: { count, source: "staff_week_form" } });
    return redirect(`/personal/familjeratt/tider?publicerade=${count}`, 303);
  }

  if (intent !== "publish") throw data(null, { status: 400 });
  const timeZone = context.services.config.municipality.timeZone;
  const parsed = parseSlotForm(form, timeZone, new Date());
  const weeksRaw = (form.get("weeks") ?? "").trim() || "1";
  const weeks = /^\d{1,2}$/.test(weeksRaw) ? Number(weeksRaw) : NaN;
  const weeksError = Number.isInteger(weeks) && weeks >= 1 && weeks <= MAX_WEEKS ? undefined : "count";
  if (!parsed.ok || weeksError) {
    const values = parsed.ok ? Object.fromEntries(form.entries()) : parsed.values;
    return data(
      await slotsPage(request, context, {
        errors: { ...(parsed.ok ? {} : parsed.errors), ...(weeksError ? { weeks: weeksError } : {}) },
        values: { ...values, weeks: weeksRaw.slice(0, 10) },
      }),
      { status: 400 },
    );
  }
  const slots = repeatWeekly(parsed.slots, weeks, timeZone);
  const count = await publishSlots(db, slots, `staff:${session.staff.subject}`);
  await audit(db, { actor, action: "booking_slots_published", details: { count, weeks, source: "staff_page" } });
  return redirect(`/personal/familjeratt/tider?publicerade=${count}`, 303);
}

export interface BookingsPageData {
  /** Requests waiting for the unit to screen them and release the invitation. */
  screening: AwaitingScreening[];
  /** Why the last release changed nothing, for the request it was about. */
  screeningError: { requestId: string; reason: "not_screened" | "separate_required" } | null;
  /** Released requests of the last 60 days, each parent's side linked. */
  requests: FollowedRequest[];
  bookings: StaffBooking[];
  /** The queues whose messages this staff member may write: a booking in one links to its messages. */
  messageQueues: string[];
  attendance: { attended: number; noShow: number };
  done: "attended" | "no_show" | "released" | "days_swapped" | null;
  error: "not_found" | "not_yet" | "booked_days" | null;
}

async function bookingsPage(
  request: Request,
  context: RequestContext,
  session: StaffSession,
  error: BookingsPageData["error"] = null,
  screeningError: BookingsPageData["screeningError"] = null,
) {
  const { db } = context.services.database;
  const now = new Date();
  const from = new Date(now.getTime() - 30 * DAY);
  const to = new Date(now.getTime() + 60 * DAY);
  const done = new URL(request.url).searchParams.get("klart");
  return {
    screening: await requestsAwaitingScreening(db),
    screeningError,
    requests: await releasedRequests(
      db,
      context.services.config.secrets.keyring,
      staffActor(session),
      new Date(now.getTime() - 60 * DAY),
    ),
    bookings: await bookingsForStaff(db, from, to, now),
    messageQueues: mayUse(session.staff.roles, "messages") ? queuesOf(session.staff.roles) : [],
    attendance: await attendanceFigures(db, from, now),
    done: done === "attended" || done === "no_show" || done === "released" || done === "days_swapped" ? done : null,
    error,
  } satisfies BookingsPageData;
}

export async function bookingsLoader(request: Request, context: RequestContext): Promise<BookingsPageData> {
  const session = await requireArea(request, context, "bookings");
  return bookingsPage(request, context, session);
}

export async function bookingsAction(request: Request, context: RequestContext) {
  const session = await requireArea(request, context, "bookings");
  const form = await readForm(request, context);
  const intent = form.get("intent");
  if (intent === "swap-days") {
    const swapped = await swapDaysOfRequest(
      context.services.database.db,
      staffActor(session),
      form.get("request") ?? "",
    );
    if (swapped.ok) return redirect("/personal/familjeratt/bokningar?klart=days_swapped", 303);
    if (swapped.reason === "not_found")
      return data(await bookingsPage(request, context, session, "not_found"), { status: 404 });
    return data(await bookingsPage(request, context, session, "booked_days"), { status: 409 });
  }
  if (intent === "release") {
    const requestId = form.get("request") ?? "";
    const released = await releaseAfterScreening(context.services.database.db, staffActor(session), {
      requestId,
      screened: form.get("screened") === "ja",
      separate: form.get("separate"),
    });
    if (released.ok) return redirect("/personal/familjeratt/bokningar?klart=released", 303);
    if (released.reason === "not_found")
      return data(await bookingsPage(request, context, session, "not_found"), { status: 404 });
    return data(await bookingsPage(request, context, session, null, { requestId, reason: released.reason }), {
      status: 400,
    });
  }
  if (intent !== "attended" && intent !== "no_show") throw data(null, { status: 400 });
  const outcome = await markAttendance(
    context.services.database.db,
    staffActor(session),
    form.get("booking") ?? "",
    intent,
  );
  if (!outcome.ok)
    return data(await bookingsPage(request, context, session, outcome.reason), {
      status: outcome.reason === "not_found" ? 404 : 409,
    });
  return redirect(`/personal/familjeratt/bokningar?klart=${intent}`, 303);
}
