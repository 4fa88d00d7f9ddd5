import { createHmac } from "node:crypto";
import { and, eq, gt, lte } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { booking, bookingEvent, bookingRequest, bookingSlot, person, personContact, submission } from "#db/schema";
import { pnrLookup } from "~/auth/people.server";
import { csrfTokensMatch } from "~/auth/csrf.server";
import type { Config } from "~/config.server";
import { openText, type Keyring } from "~/crypto/envelope";
import { isLanguageCode } from "~/i18n/languages";
import { translator } from "~/i18n/server-translations.server";
import { readSubmission } from "~/intake/submissions.server";
import { answer } from "./answers";
import { autoReleaseSafeRequests } from "./unit-actions.server";
import { bookingSettings } from "./settings.server";
import type { Logger } from "~/logger.server";
import { createTransports, type Transports } from "~/notify/transports.server";
import { inTransaction } from "~/queue/boss.server";

/**
 * The booking's background work, on pg-boss: a sweep every minute that sends invitations to the
 * other parent and schedules reminders a day before each talk, and the job that sends them.
 * Like every notice, they say that something waits and never what: no service, no time, no
 * place, no name. A person with protected personal data, or a protected booking, gets none.
 */

export const BOOKING_NOTICE_QUEUE = "samarbetssamtal.notice";
export const BOOKING_SWEEP_QUEUE = "samarbetssamtal.sweep";

export type BookingNotice = { kind: "invitation"; requestId: string } | { kind: "reminder"; bookingId: string };

export interface BookingJobDependencies {
  db: Executor;
  boss: PgBoss;
  keyring: Keyring;
  personLookup: Buffer;
  sessionSecret: Buffer;
  transports: Transports;
  municipality: string;
  publicUrl: URL;
  logger: Logger;
  /** BOOKING_AUTO_INVITE: "when-safe" releases requests answered safe on both counts without screening. */
  autoInvite?: "off" | "when-safe";
}

/** The link an invitation carries: the request id and a MAC over it, opening nothing without a login. */
export function invitationToken(secret: Buffer, requestId: string): string {
  const mac = createHmac("sha256", secret).update(`samarbetssamtal-invitation\u0000${requestId}`).digest("base64url");
  return `${requestId}.${mac.slice(0, 32)}`;
}

export function requestIdFromToken(secret: Buffer, token: string): string | null {
  const [id] = token.split(".");
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return csrfTokensMatch(token, invitationToken(secret, id)) ? id : null;
}

const HOUR = 3_600_000;

/**
 * Once a minute: release the requests the municipality lets through unscreened (if it does), resolve each released request's other parent (the personnummer, if given, becomes the
 * lookup hash they are found by) and queue their invitation; queue reminders for talks within a day.
 */
export async function sweep(deps: BookingJobDependencies, now = new Date()) {
  let invitations = 0;
  let reminders = 0;
  if (deps.autoInvite === "when-safe") await autoReleaseSafeRequests(deps.db, now);
  const pending = await deps.db
    .select()
    .from(bookingRequest)
    .where(eq(bookingRequest.invitationState, "pending"))
    .limit(50);
  for (const request of pending) {
    await deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(submission).where(eq(submission.id, request.requesterSubmissionId));
      if (!row) return;
      const view = await readSubmission(tx, deps.keyring, row, { kind: "system" }, "invitation");
      const pnr = answer(view.answers, "annan-foralder", "pnr") || null;
      const lookup = pnr ? pnrLookup(deps, pnr) : null;
      const [requester] = row.personId
        ? await tx.select({ pnrLookup: person.pnrLookup }).from(person).where(eq(person.id, row.personId))
        : [];
      const letter = request.invitationChannel === "letter";
      await tx
        .update(bookingRequest)
        .set({
          // A parent naming themselves invites no one.
          inviteePnrLookup: lookup && lookup !== requester?.pnrLookup ? lookup : null,
          invitationState: letter ? "letter" : "queued",
        })
        .where(and(eq(bookingRequest.id, request.id), eq(bookingRequest.invitationState, "pending")));
      if (!letter) {
        await deps.boss.send(
          BOOKING_NOTICE_QUEUE,
          { kind: "invitation", requestId: request.id } satisfies BookingNotice,
          inTransaction(tx),
        );
        invitations++;
      }
      await tx.insert(bookingEvent).values({
        requestId: request.id,
        party: "invitee",
        kind: letter ? "invitation_by_letter" : "invitation_queued",
        at: now,
      });
    });
  }

  const due = await deps.db
    .select({ id: booking.id, startsAt: bookingSlot.startsAt })
    .from(booking)
    .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
    .where(
      and(
        eq(booking.status, "booked"),
        eq(booking.reminderState, "pending"),
        gt(bookingSlot.startsAt, now),
        lte(bookingSlot.startsAt, new Date(now.getTime() + 24 * HOUR)),
      ),
    )
    .limit(200);
  for (const row of due) {
    await deps.db.transaction(async (tx) => {
      // Booked within two hours of the talk: a reminder would only be noise.
      const soon = row.startsAt.getTime() - now.getTime() < 2 * HOUR;
      await tx
        .update(booking)
        .set({ reminderState: soon ? "skipped" : "queued" })
        .where(and(eq(booking.id, row.id), eq(booking.reminderState, "pending")));
      if (!soon) {
        await deps.boss.send(
          BOOKING_NOTICE_QUEUE,
          { kind: "reminder", bookingId: row.id } satisfies BookingNotice,
          inTransaction(tx),
        );
        reminders++;
      }
    });
  }
  return { invitations, reminders };
}

async function texts(language: string) {
  const lang = isLanguageCode(language) ? language : "sv";
  return { own: await translator(lang, "samarbetssamtal"), notices: await translator(lang, "notices") };
}

/** Sends one invitation or reminder; throws when the transport fails, so pg-boss retries it. */
export async function sendBookingNotice(
  deps: BookingJobDependencies,
  notice: BookingNotice,
): Promise<"sent" | "skipped"> {
  const vars = { municipality: deps.municipality };
  if (notice.kind === "invitation") {
    const [request] = await deps.db.select().from(bookingRequest).where(eq(bookingRequest.id, notice.requestId));
    if (!request || request.invitationState !== "queued" || request.inviteeStatus !== "invited") return "skipped";
    const [row] = await deps.db.select().from(submission).where(eq(submission.id, request.requesterSubmissionId));
    if (!row) return "skipped";
    const view = await readSubmission(deps.db, deps.keyring, row, { kind: "system" }, "invitation");
    const otherEmail = answer(view.answers, "annan-foralder", "email");
    const otherPhone = answer(view.answers, "annan-foralder", "phone");
    // In Swedish: the other parent's language is not known, and the requester's must not show.
    const t = await texts("sv");
    const url = new URL(`/mina-sidor/inbjudan/${invitationToken(deps.sessionSecret, request.id)}`, deps.publicUrl).href;
    const body = t.own("notices.invitation", { ...vars, url });
    if (otherEmail) {
      await deps.transports.email({
        to: otherEmail,
        subject: t.notices("subject", vars),
        text: `${body}\n\n${t.notices("footer", vars)}`,
      });
    } else if (otherPhone && deps.transports.sms) {
      await deps.transports.sms({ to: otherPhone, text: body });
    } else return "skipped";
    await deps.db.update(bookingRequest).set({ invitationState: "sent" }).where(eq(bookingRequest.id, request.id));
    await deps.db.insert(bookingEvent).values({ requestId: request.id, party: "invitee", kind: "invitation_sent" });
    deps.logger.info({ kind: "invitation" }, "booking notice sent");
    return "sent";
  }

  const [row] = await deps.db
    .select({ booking, startsAt: bookingSlot.startsAt, protectedIdentity: person.protectedIdentity })
    .from(booking)
    .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
    .leftJoin(person, eq(person.id, booking.personId))
    .where(eq(booking.id, notice.bookingId));
  if (!row || row.booking.status !== "booked" || row.startsAt <= new Date()) return "skipped";
  const skip = async () => {
    await deps.db.update(booking).set({ reminderState: "skipped" }).where(eq(booking.id, row.booking.id));
    return "skipped" as const;
  };
  // Not even a content-free one, as Mina sidor promises them: it still names the municipality's
  // social services, to an address or phone someone they are protected from may see.
  if (row.booking.protected || row.protectedIdentity || !row.booking.personId) return skip();

  const [contact] = await deps.db.select().from(personContact).where(eq(personContact.personId, row.booking.personId));
  const [own] = await deps.db.select().from(submission).where(eq(submission.id, row.booking.submissionId));
  const t = await texts(contact?.language ?? own?.language ?? "sv");
  const url = new URL("/mina-sidor/bokningar", deps.publicUrl).href;
  const body = t.own("notices.reminder", { ...vars, url });
  let email: string | null = null;
  let sms: string | null = null;
  if (contact) {
    if (contact.notifyBy === "none") return skip();
    if (contact.notifyBy === "sms" && contact.phoneSealed && deps.transports.sms)
      sms = openText(deps.keyring, contact.phoneSealed, `person_contact.phone:${row.booking.personId}`);
    else if (contact.emailSealed)
      email = openText(deps.keyring, contact.emailSealed, `person_contact.email:${row.booking.personId}`);
  } else if (own) {
    // No contact settings: the number and address the parent gave in this booking.
    const view = await readSubmission(deps.db, deps.keyring, own, { kind: "system" }, "reminder");
    email = answer(view.answers, "kontakt", "email") || null;
    if (!email) sms = answer(view.answers, "kontakt", "phone") || null;
  }
  if (email)
    await deps.transports.email({
      to: email,
      subject: t.notices("subject", vars),
      text: `${body}\n\n${t.notices("footer", vars)}`,
    });
  else if (sms && deps.transports.sms) await deps.transports.sms({ to: sms, text: body });
  else return skip();
  await deps.db.update(booking).set({ reminderState: "sent" }).where(eq(booking.id, row.booking.id));
  await deps.db
    .insert(bookingEvent)
    .values({ requestId: row.booking.requestId, party: row.booking.party, kind: "reminded" });
  return "sent";
}

/**
 * Starts the sweep (every minute on pg-boss's cron, or every BOOKING_JOB_INTERVAL_SECONDS) and the
 * notice worker. Called once at start-up.
 */
export async function startBookingJobs(
  boss: PgBoss,
  services: { db: Executor; config: Config; logger: Logger },
): Promise<void> {
  const { config } = services;
  const deps: BookingJobDependencies = {
    db: services.db,
    boss,
    keyring: config.secrets.keyring,
    personLookup: config.secrets.personLookup,
    sessionSecret: config.secrets.session,
    transports: createTransports(config.notices, services.db),
    municipality: config.municipality.name,
    publicUrl: config.publicUrl,
    logger: services.logger,
    autoInvite: bookingSettings.of(config).autoInvite,
  };
  for (const name of [BOOKING_NOTICE_QUEUE, BOOKING_SWEEP_QUEUE]) {
    if (!(await boss.getQueue(name)))
      await boss.createQueue(name, {
        name,
        retryLimit: name === BOOKING_NOTICE_QUEUE ? 8 : 0,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: 120,
      });
  }
  await boss.work<BookingNotice>(BOOKING_NOTICE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    await sendBookingNotice(deps, job!.data);
  });
  const every = bookingSettings.of(config).jobIntervalSeconds;
  await boss.work(BOOKING_SWEEP_QUEUE, { batchSize: 1, pollingIntervalSeconds: Math.min(10, every) }, async () => {
    await sweep(deps);
  });
  if (every === 60) {
    await boss.schedule(BOOKING_SWEEP_QUEUE, "* * * * *");
    return;
  }
  // pg-boss's cron runs at most once a minute: another interval (BOOKING_JOB_INTERVAL_SECONDS) sends
  // the sweep itself, one job per interval across all portal processes.
  await boss.unschedule(BOOKING_SWEEP_QUEUE);
  const timer = setInterval(() => {
    boss
      .send(BOOKING_SWEEP_QUEUE, {}, { singletonKey: "sweep", singletonSeconds: every })
      .catch((error: unknown) => services.logger.warn({ err: error }, "booking sweep not queued"));
  }, every * 1000);
  timer.unref();
  boss.once("stopped", () => clearInterval(timer));
}
