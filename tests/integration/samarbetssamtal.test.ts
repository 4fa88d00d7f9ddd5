import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import {
  auditEvent,
  booking,
  bookingEvent,
  bookingRequest,
  bookingSlot,
  draft,
  robotItem,
  submission,
  submissionEvent,
} from "#db/schema";
import { pnrLookup, upsertPerson } from "~/auth/people.server";
import { loadConfig, type Config } from "~/config.server";
import { freeSlots } from "~/e-services/samarbetssamtal/availability.server";
import { liveBookingOf } from "~/e-services/samarbetssamtal/booking.server";
import { cancelBooking, rebook } from "~/e-services/samarbetssamtal/changes.server";
import { invitationForPerson } from "~/e-services/samarbetssamtal/invitations.server";
import { publishSlots, releaseInvitation, targetFigures } from "~/e-services/samarbetssamtal/unit-actions.server";
import { needsFromAnswers } from "~/e-services/samarbetssamtal/answers";
import { samarbetssamtal } from "~/e-services/samarbetssamtal/definition.server";
import type { SlotStepData } from "~/e-services/samarbetssamtal/definition.server";
import {
  BOOKING_NOTICE_QUEUE,
  sendBookingNotice,
  sweep,
  type BookingJobDependencies,
  type BookingNotice,
} from "~/e-services/samarbetssamtal/jobs.server";
import {
  bookingAction,
  bookingLoader,
  bookingReceiptLoader,
  calendarLoader,
  invitationAction,
  invitationLoader,
  myBookingsLoader,
} from "~/e-services/samarbetssamtal/pages.server";
import { dayParity, slotLabel } from "~/e-services/samarbetssamtal/slots";
import { localDay } from "~/municipality/time";
import { SubmitConflict, type CustomStepContext } from "~/intake/definition";
import { itemLoader } from "~/staff/queues/pages.server";
import {
  releaseAfterScreening,
  releasedRequests,
  requestsAwaitingScreening,
  swapDaysOfRequest,
} from "~/e-services/samarbetssamtal/staff/screening.server";
import { createDraft, loadDraft } from "~/intake/drafts.server";
import type { AnswersSoFar } from "~/intake/fields";
import { startDraft } from "~/intake/step-route.server";
import { submitDraft, type SubmissionDependencies } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import { createLogger } from "~/logger.server";
import { overviewLoader } from "~/my-pages/overview.server";
import { ensureNoticeQueue, NOTICE_QUEUE } from "~/notify/notices.server";
import type { OutgoingEmail, OutgoingSms, Transports } from "~/notify/transports.server";
import { startBoss } from "~/queue/boss.server";
import { ensureIntakeQueues } from "~/queue/intake-queue.server";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";

const CECILIA = "199002159847";
const DAVID = "199209189852";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let config: Config;
beforeAll(() => {
  config = loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "ingang-booking-")), APP_ENV: "test" });
});

/** A parent's answers up to the slot step; `overrides` replaces whole steps. */
function answersFor(role: "begaran" | "inbjuden", overrides: AnswersSoFar = {}): AnswersSoFar {
  return {
    samtal: { kind: "samarbetssamtal", role },
    barn: { items: [{ name: role === "begaran" ? "Alvaceciliasbarn" : "Alvadavidsbarn", age: 7 }] },
    familj: { court: "nej", custody: "gemensam", questions: ["umgange", "boende"], childrenKnow: "ja" },
    ...(role === "begaran"
      ? { "annan-foralder": { name: "David Dahl", pnr: DAVID, email: "david.dahl@example.se" } }
      : {}),
    trygghet: { safe: "nej" },
    skydd: { protected: "nej" },
    tolk: { interpreter: "nej" },
    motesform: { mode: "fysiskt" },
    kontakt:
      role === "begaran"
        ? { phone: "070-111 11 11", email: "cecilia.carlsson@example.se" }
        : { phone: "070-222 22 22" },
    ...overrides,
  };
}

describeEachDatabase("booking samarbetssamtal", (kind) => {
  let database: TestDatabase;
  let boss: PgBoss;
  let deps: SubmissionDependencies;
  let cecilia: string;
  let david: string;
  let sent: { email: OutgoingEmail[]; sms: OutgoingSms[] };
  let jobDeps: BookingJobDependencies;

  beforeEach(async () => {
    database = await freshDatabase(kind);
    boss = await startBoss(database, database.url, createLogger("silent"));
    await ensureIntakeQueues(boss, { retryLimit: 2, retryDelaySeconds: 1, leaseSeconds: 60 });
    await ensureNoticeQueue(boss);
    await boss.createQueue(BOOKING_NOTICE_QUEUE);
    const secrets = { keyring: config.secrets.keyring, personLookup: config.secrets.personLookup };
    deps = { db: database.db, ...secrets, boss };
    cecilia = await upsertPerson(database.db, secrets, {
      pnr: CECILIA,
      name: "Cecilia Carlsson",
      protectedIdentity: false,
    });
    david = await upsertPerson(database.db, secrets, { pnr: DAVID, name: "David Dahl", protectedIdentity: false });
    sent = { email: [], sms: [] };
    const transports: Transports = {
      email: async (m) => void sent.email.push(m),
      sms: async (m) => void sent.sms.push(m),
    };
    jobDeps = {
      db: database.db,
      boss,
      ...secrets,
      sessionSecret: config.secrets.session,
      transports,
      municipality: "Exempelkommunen",
      publicUrl: config.publicUrl,
      logger: createLogger("silent"),
    };
  });
  afterEach(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.dispose();
  });

  const at = (days: number, hour: number) => {
    const d = new Date(Date.now() + days * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };

  async function slot(
    startsAt: Date,
    extra: Partial<{ minutes: number; mode: "fysiskt" | "digitalt"; location: string }> = {},
  ) {
    const mode = extra.mode ?? "fysiskt";
    await publishSlots(
      database.db,
      [
        {
          startsAt,
          minutes: extra.minutes ?? 60,
          kind: "samarbetssamtal",
          mode,
          location: mode === "fysiskt" ? (extra.location ?? "Storgatan 1, rum 3") : null,
        },
      ],
      "staff:test",
    );
    const [row] = await database.db.select().from(bookingSlot).where(eq(bookingSlot.startsAt, startsAt));
    return row!;
  }

  async function draftOf(personId: string, answers: AnswersSoFar) {
    const id = await createDraft(database.db, config.secrets.keyring, samarbetssamtal, { personId }, answers, 30);
    return (await loadDraft(database.db, config.secrets.keyring, id, { personId }))!;
  }

  const slotStep = samarbetssamtal.steps.find((s) => s.id === "tid")!.custom!;
  const stepContext = (d: { id: string; answers: AnswersSoFar }, personId: string, pnr: string): CustomStepContext => ({
    db: database.db,
    answers: d.answers,
    journey: { loggedIn: true, pnr, today: new Date() },
    draftId: d.id,
    personId,
    today: new Date(),
  });

  /** The slot step as the person posts it; the answer is saved into the draft as the engine would. */
  async function choose(d: Awaited<ReturnType<typeof draftOf>>, personId: string, pnr: string, value: string) {
    const result = await slotStep.read(new URLSearchParams({ slot: value }), stepContext(d, personId, pnr));
    if (result.ok) d.answers = { ...d.answers, tid: result.values };
    return result;
  }

  const submit = (d: Awaited<ReturnType<typeof draftOf>>, personId: string, pnr: string) =>
    submitDraft(deps, {
      draft: d,
      definition: samarbetssamtal,
      journey: { loggedIn: true, pnr, today: new Date() },
      personId,
      protectedIdentity: false,
      language: "sv",
      channel: "e-service",
      actor: { kind: "person", id: personId },
    });

  /** What a loader or action gets from the server: this person's session, the portal's services. */
  const contextFor = (personId: string, pnr: string, name: string): RequestContext =>
    ({
      services: { config, database, boss, logger: createLogger("silent") },
      session: { kind: "resident", person: { id: personId, pnr, name, protectedIdentity: false } },
      csrfToken: "token",
      cspNonce: "n",
      requestId: "r",
      client: { ip: "127.0.0.1", userAgent: "vitest" },
    }) as unknown as RequestContext;
  /** A member of staff with these roles, as the console's loaders get them. */
  const staffContext = (id: string, roles: string[]): RequestContext =>
    ({
      services: { config, database, boss, logger: createLogger("silent") },
      session: { kind: "staff", idHash: `h-${id}`, staff: { subject: id, name: id, roles } },
      csrfToken: "token",
      cspNonce: "n",
      requestId: "r",
      client: { ip: "127.0.0.1", userAgent: "vitest" },
    }) as unknown as RequestContext;
  const get = (url: string) => new Request(`http://localhost${url}`);
  const post = (url: string, form: Record<string, string>) =>
    new Request(`http://localhost${url}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: "token", ...form }).toString(),
    });
  const thrown = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (response) {
      return response as Response;
    }
    throw new Error("expected a thrown response");
  };

  /** The unit screens every waiting request and releases it (joint talks allowed where the requester said safe). */
  async function releaseAll() {
    for (const r of await database.db.select().from(bookingRequest))
      if (r.invitationState === "screening")
        expect(
          await releaseInvitation(database.db, { requestId: r.id, separate: false, by: "staff:test" }),
        ).not.toBeNull();
  }

  async function drainNotices() {
    const jobs = await boss.fetch<BookingNotice>(BOOKING_NOTICE_QUEUE, { batchSize: 50 });
    for (const job of jobs) await sendBookingNotice(jobDeps, job.data);
    return jobs.length;
  }

  it("gives one of 50 parallel attempts at a slot the time, and tells the other 49 it was just taken", async () => {
    const wanted = await slot(at(3, 9));
    const next = await slot(at(4, 9));
    const drafts = [];
    for (let i = 0; i < 50; i++) {
      const d = await draftOf(cecilia, answersFor("begaran"));
      expect((await choose(d, cecilia, CECILIA, wanted.id)).ok).toBe(true);
      drafts.push(d);
    }
    const results = await Promise.allSettled(drafts.map((d) => submit(d, cecilia, CECILIA)));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(SubmitConflict);
      expect(r.reason).toMatchObject({ stepId: "tid", messageKey: "taken" });
    }
    const live = await database.db
      .select()
      .from(booking)
      .where(and(eq(booking.slotId, wanted.id), eq(booking.status, "booked")));
    expect(live).toHaveLength(1);
    expect(await database.db.select().from(submission)).toHaveLength(1);
    expect(await database.db.select().from(bookingRequest)).toHaveLength(1);
    // The losers' drafts are untouched; their slot step now shows the next free time instead.
    expect(await database.db.select().from(draft)).toHaveLength(49);
    const page = (await slotStep.load(stepContext(drafts[1]!, cecilia, CECILIA))) as SlotStepData;
    const offered = page.groups.flatMap((g) => g.slots.map((s) => s.id));
    expect(offered).toEqual([next.id]);
    expect(page.chosen).toBeNull();
  });

  it("with separate talks, shows neither parent anything of the other's time, place or contact details", async () => {
    const aSlot = await slot(at(2, 8), { location: "Storgatan 1, rum 3" });
    const bSlot = await slot(at(5, 13), { location: "Hamngatan 5, rum 7" });
    // Cecilia asks, says it does not feel safe, and books her time.
    const aDraft = await draftOf(cecilia, answersFor("begaran"));
    expect((await choose(aDraft, cecilia, CECILIA, aSlot.id)).ok).toBe(true);
    const a = await submit(aDraft, cecilia, CECILIA);

    // The invitation goes to the address she gave, saying nothing but that there is one.
    await releaseAll();
    await sweep(jobDeps);
    expect(await drainNotices()).toBe(1);
    expect(sent.email.map((m) => m.to)).toEqual(["david.dahl@example.se"]);
    const invitationMail = sent.email[0]!;

    // David logs in, finds the invitation by his personnummer, and books his own time.
    const ctxB = contextFor(david, DAVID, "David Dahl");
    const mine = await myBookingsLoader(get("/samarbetssamtal/bokningar"), ctxB);
    expect(mine.invitations).toHaveLength(1);
    const invitationId = mine.invitations[0]!.id;
    const invitationPage = await invitationLoader(get(`/samarbetssamtal/inbjudan/${invitationId}`), ctxB, invitationId);
    const accepted = await invitationAction(
      post(`/samarbetssamtal/inbjudan/${invitationId}`, { intent: "accept" }),
      ctxB,
      invitationId,
    );
    expect(accepted.status).toBe(303);
    const draftId = /utkast\/([0-9a-f-]{36})\//.exec(accepted.headers.get("Location")!)![1]!;
    const bDraft = (await loadDraft(database.db, config.secrets.keyring, draftId, { personId: david }))!;
    bDraft.answers = { ...answersFor("inbjuden"), ...bDraft.answers };
    const bSlotPage = await slotStep.load(stepContext(bDraft, david, DAVID));
    expect((bSlotPage as SlotStepData).joint).toBeNull();
    expect((await choose(bDraft, david, DAVID, bSlot.id)).ok).toBe(true);
    const b = await submit(bDraft, david, DAVID);

    const [request] = await database.db.select().from(bookingRequest);
    expect(request).toMatchObject({ inviteeStatus: "accepted", inviteeSubmissionId: b.submissionId });

    // Reminders the day before, to each parent's own address.
    await sweep(jobDeps, new Date(aSlot.startsAt.getTime() - 20 * HOUR));
    await sweep(jobDeps, new Date(bSlot.startsAt.getTime() - 20 * HOUR));
    await drainNotices();
    expect(sent.email.map((m) => m.to)).toEqual(["david.dahl@example.se", "cecilia.carlsson@example.se"]);
    expect(sent.sms.map((m) => m.to)).toEqual(["070-222 22 22"]);

    const ctxA = contextFor(cecilia, CECILIA, "Cecilia Carlsson");
    const text = async (response: Response) => response.text();
    const pagesOf = async (ctx: RequestContext, reference: string) =>
      JSON.stringify([
        await myBookingsLoader(get("/samarbetssamtal/bokningar"), ctx),
        await bookingReceiptLoader(get(`/samarbetssamtal/kvittens/${reference}`), ctx, { reference }),
        await bookingLoader(get(`/samarbetssamtal/bokning/${reference}`), ctx, reference),
        await text(await calendarLoader(get(`/samarbetssamtal/bokning/${reference}/kalender`), ctx, reference)),
      ]);
    const davidSees = [
      await pagesOf(ctxB, b.reference),
      JSON.stringify(invitationPage),
      JSON.stringify(bSlotPage),
      JSON.stringify(sent.email.filter((m) => m.to.startsWith("david"))),
      JSON.stringify(sent.sms),
    ].join("\n");
    const ceciliaSees = [
      await pagesOf(ctxA, a.reference),
      JSON.stringify(sent.email.filter((m) => m.to.startsWith("cecilia"))),
    ].join("\n");

    const traces = (s: typeof aSlot, others: string[]) => [
      s.id,
      s.startsAt.toISOString(),
      s.location!,
      new Intl.DateTimeFormat("en-CA", {
        timeZone: "Europe/Stockholm",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .format(s.startsAt)
        .padStart(5, "0")
        .replace(/^/, `${new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Stockholm" }).format(s.startsAt)} `),
      ...others,
    ];
    // Each sees their own time…
    expect(davidSees).toContain(bSlot.id);
    expect(davidSees).toContain("Hamngatan 5, rum 7");
    expect(ceciliaSees).toContain("Storgatan 1, rum 3");
    // …and nothing of the other's: slot, time, place, phone, e-mail, name, what they wrote.
    for (const trace of traces(aSlot, [
      "070-111 11 11",
      "cecilia.carlsson",
      "Cecilia",
      "Alvaceciliasbarn",
      a.reference,
    ]))
      expect(davidSees, trace).not.toContain(trace);
    for (const trace of traces(bSlot, ["070-222 22 22", "Alvadavidsbarn", b.reference]))
      expect(ceciliaSees, trace).not.toContain(trace);
    // The notices say only that something waits.
    expect(invitationMail.text).not.toMatch(/samarbetssamtal|familjerätt|Cecilia|Storgatan/i);
    for (const m of [...sent.email, ...sent.sms]) expect(m.text).not.toMatch(/Storgatan|Hamngatan|\d{2}:\d{2}/);
    // Neither can open the other's submission.
    await expect(thrown(bookingLoader(get("/x"), ctxB, a.reference))).resolves.toMatchObject({ init: { status: 404 } });
    await expect(thrown(bookingReceiptLoader(get("/x"), ctxA, { reference: b.reference }))).resolves.toBeDefined();
  });

  it("lets the invited parent join the other's time only when both said it is safe, and keeps it when one leaves", async () => {
    const s = await slot(at(3, 10));
    const aDraft = await draftOf(cecilia, answersFor("begaran", { trygghet: { safe: "ja" } }));
    await choose(aDraft, cecilia, CECILIA, s.id);
    const a = await submit(aDraft, cecilia, CECILIA);
    await releaseAll();
    await sweep(jobDeps);
    const ctxB = contextFor(david, DAVID, "David Dahl");
    const [invitation] = (await myBookingsLoader(get("/"), ctxB)).invitations;
    const accepted = await invitationAction(post("/", { intent: "accept" }), ctxB, invitation!.id);
    const draftId = /utkast\/([0-9a-f-]{36})\//.exec(accepted.headers.get("Location")!)![1]!;
    const bDraft = (await loadDraft(database.db, config.secrets.keyring, draftId, { personId: david }))!;

    bDraft.answers = { ...answersFor("inbjuden", { trygghet: { safe: "nej" } }), ...bDraft.answers };
    expect(((await slotStep.load(stepContext(bDraft, david, DAVID))) as SlotStepData).joint).toBeNull();
    bDraft.answers = { ...bDraft.answers, trygghet: { safe: "ja" } };
    const page = (await slotStep.load(stepContext(bDraft, david, DAVID))) as SlotStepData;
    expect(page.joint?.startsAt).toBe(s.startsAt.toISOString());
    expect((await choose(bDraft, david, DAVID, "gemensam")).ok).toBe(true);
    await submit(bDraft, david, DAVID);
    const both = await database.db.select().from(booking).where(eq(booking.slotId, s.id));
    expect(both).toHaveLength(2);

    const aBooking = (await liveBookingOf(database.db, a.submissionId))!.booking;
    const b = await database.db.select().from(booking).where(eq(booking.personId, david));
    expect(await cancelBooking(database.db, { bookingId: aBooking.id, personId: cecilia, cutoffHours: 24 })).toEqual({
      ok: true,
      nowSeparate: [{ personId: david, submissionId: b[0]!.submissionId }],
    });
    const left = await database.db
      .select()
      .from(booking)
      .where(and(eq(booking.slotId, s.id), eq(booking.status, "booked")));
    expect(left).toMatchObject([{ personId: david, joinsBookingId: null }]);
    // David is told, neutrally, that the talk is now his alone; nothing about why or about Cecilia.
    const told = await database.db
      .select()
      .from(submissionEvent)
      .where(eq(submissionEvent.submissionId, b[0]!.submissionId));
    expect(told.filter((e) => e.kind === "talk_now_separate")).toMatchObject([
      { visibleToPerson: true, details: null },
    ]);
  });

  it("lets the invited parent say no: the request shows it, the requester is told without content, the robot gets nothing new", async () => {
    const s = await slot(at(3, 10));
    const aDraft = await draftOf(cecilia, answersFor("begaran"));
    await choose(aDraft, cecilia, CECILIA, s.id);
    const a = await submit(aDraft, cecilia, CECILIA);
    await releaseAll();
    await sweep(jobDeps);
    expect(await drainNotices()).toBe(1);
    const items = async () => rowsOf<{ kind: string }>(database.db, sql`select kind from robot_item`);
    expect(await items()).toEqual([{ kind: "submission" }]);
    const notices = async () =>
      (
        await rowsOf<{ data: Record<string, unknown> }>(
          database.db,
          sql`select data from pgboss.job where name = ${NOTICE_QUEUE} order by created_on`,
        )
      ).map((n) => n.data);
    const noticesBefore = (await notices()).length;

    const ctxB = contextFor(david, DAVID, "David Dahl");
    const [invitation] = (await myBookingsLoader(get("/samarbetssamtal/bokningar"), ctxB)).invitations;
    const url = `/samarbetssamtal/inbjudan/${invitation!.id}`;
    const declined = await invitationAction(post(url, { intent: "decline" }), ctxB, invitation!.id);
    expect(declined.status).toBe(303);
    expect(declined.headers.get("Location")).toBe(url);

    // The request shows it; David sees his answer, and the invitation is gone from his list.
    const [request] = await database.db.select().from(bookingRequest);
    expect(request).toMatchObject({ inviteeStatus: "declined", inviteePersonId: david, inviteeSubmissionId: null });
    expect(request!.inviteeAnsweredAt).toBeInstanceOf(Date);
    expect(await invitationLoader(get(url), ctxB, invitation!.id)).toMatchObject({ status: "declined" });
    expect((await myBookingsLoader(get("/samarbetssamtal/bokningar"), ctxB)).invitations).toEqual([]);
    const events = await database.db.select().from(bookingEvent).where(eq(bookingEvent.requestId, request!.id));
    expect(events.filter((e) => e.party === "invitee").map((e) => e.kind)).toEqual([
      "screened",
      "invitation_queued",
      "invitation_sent",
      "declined",
    ]);
    // Once only: the answer cannot be changed or repeated.
    for (const intent of ["decline", "accept"])
      await expect(thrown(invitationAction(post(url, { intent }), ctxB, invitation!.id))).resolves.toMatchObject({
        init: { status: 404 },
      });

    // Cecilia: an event on her submission and a notice naming nothing but that something is new.
    const seen = await database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, a.submissionId), eq(submissionEvent.kind, "other_parent_declined")));
    expect(seen).toMatchObject([{ visibleToPerson: true }]);
    expect((await notices()).slice(noticesBefore)).toEqual([
      { personId: cecilia, kind: "status", submissionId: a.submissionId },
    ]);
    const [audited] = await database.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "booking_invitation_declined"));
    expect(audited).toMatchObject({ actorKind: "person", actorId: david, subjectId: request!.id });

    // Her own talk stands, and the robot has only her submission: a no is not a new item.
    expect((await liveBookingOf(database.db, a.submissionId))?.booking.status).toBe("booked");
    expect(await items()).toEqual([{ kind: "submission" }]);
  });

  it("invites no one before the unit has screened the request and released the invitation", async () => {
    const s = await slot(at(3, 10));
    const aDraft = await draftOf(cecilia, answersFor("begaran"));
    await choose(aDraft, cecilia, CECILIA, s.id);
    await submit(aDraft, cecilia, CECILIA);
    const [waiting] = await database.db.select().from(bookingRequest);
    expect(waiting).toMatchObject({ invitationState: "screening", screenedAt: null, requesterDayParity: null });

    // The booking job runs, and runs again: nothing is sent, and David finds nothing, not even by the id.
    await sweep(jobDeps);
    await sweep(jobDeps);
    expect(await drainNotices()).toBe(0);
    const ctxB = contextFor(david, DAVID, "David Dahl");
    expect((await myBookingsLoader(get("/samarbetssamtal/bokningar"), ctxB)).invitations).toEqual([]);
    expect(await invitationForPerson(database.db, waiting!.id, david, pnrLookup(deps, DAVID), true)).toBeNull();
    expect((await overviewLoader(get("/mina-sidor"), ctxB)).notices).toEqual([]);

    // The unit's page lists it; releasing it needs the screening confirmed and a choice about separation.
    const frida = { kind: "staff", id: "frida" } as const;
    const [listed] = await requestsAwaitingScreening(database.db);
    expect(listed).toMatchObject({
      requestId: waiting!.id,
      saidSafe: false,
      requesterBooked: s.startsAt.toISOString(),
    });
    const release = (screened: boolean, separate: string | null) =>
      releaseAfterScreening(database.db, frida, { requestId: waiting!.id, screened, separate });
    expect(await release(false, "ja")).toEqual({ ok: false, reason: "not_screened" });
    expect(await release(true, null)).toEqual({ ok: false, reason: "separate_required" });
    expect(await release(true, "kanske")).toEqual({ ok: false, reason: "separate_required" });
    expect((await database.db.select().from(bookingRequest))[0]!.invitationState).toBe("screening");
    await sweep(jobDeps);
    expect(await drainNotices()).toBe(0);

    // Cecilia said it does not feel safe: even "not separate" keeps the talks apart.
    expect(await release(true, "nej")).toEqual({ ok: true });
    expect(await release(true, "nej")).toEqual({ ok: false, reason: "not_found" });
    const [released] = await database.db.select().from(bookingRequest);
    expect(released).toMatchObject({
      invitationState: "pending",
      screenedBy: "staff:frida",
      separate: true,
      requesterDayParity: dayParity(s.startsAt),
    });
    const audited = await database.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "booking_invitation_released"));
    expect(audited).toMatchObject([{ actorKind: "staff", actorId: "frida", subjectId: waiting!.id }]);
    expect(await requestsAwaitingScreening(database.db)).toEqual([]);

    await sweep(jobDeps);
    expect(await drainNotices()).toBe(1);
    expect(sent.email.map((m) => m.to)).toEqual(["david.dahl@example.se"]);
    expect((await myBookingsLoader(get("/samarbetssamtal/bokningar"), ctxB)).invitations).toHaveLength(1);
    // Mina sidor's overview says an invitation waits.
    expect((await overviewLoader(get("/mina-sidor"), ctxB)).notices.map((n) => n.id)).toEqual(["invitation"]);
    // The unit follows it: kept apart, invited, not yet answered, only Cecilia has a time.
    expect(
      await releasedRequests(
        database.db,
        config.secrets.keyring,
        { kind: "staff", id: "test" },
        new Date(Date.now() - DAY),
      ),
    ).toMatchObject([
      {
        requestId: waiting!.id,
        separate: true,
        invitation: "sent",
        answer: "invited",
        requesterBooked: true,
        inviteeBooked: false,
      },
    ]);
  });

  it("invites at once only when the municipality allows it and the requester answered safe on both counts", async () => {
    const none = { tid: { choice: "ingen" } };
    const safe = await submit(
      await draftOf(cecilia, answersFor("begaran", { ...none, trygghet: { safe: "ja" } })),
      cecilia,
      CECILIA,
    );
    const unsure = await submit(
      await draftOf(cecilia, answersFor("begaran", { ...none, trygghet: { safe: "vet-inte" } })),
      cecilia,
      CECILIA,
    );
    const protectedOne = await submit(
      await draftOf(
        cecilia,
        answersFor("begaran", {
          ...none,
          trygghet: { safe: "ja" },
          skydd: { protected: "ja" },
          motesform: { protectedMode: "digitalt" },
        }),
      ),
      cecilia,
      CECILIA,
    );
    const stateOf = async (submissionId: string) =>
      (
        await database.db.select().from(bookingRequest).where(eq(bookingRequest.requesterSubmissionId, submissionId))
      )[0]!.invitationState;

    // The default: the unit screens every request, the safe one too.
    await sweep(jobDeps);
    for (const r of [safe, unsure, protectedOne]) expect(await stateOf(r.submissionId)).toBe("screening");

    await sweep({ ...jobDeps, autoInvite: "when-safe" });
    expect(await stateOf(safe.submissionId)).toBe("queued");
    expect(await stateOf(unsure.submissionId)).toBe("screening");
    expect(await stateOf(protectedOne.submissionId)).toBe("screening");
    expect(await drainNotices()).toBe(1);
    const [auto] = await database.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "booking_invitation_released"));
    expect(auto).toMatchObject({ actorKind: "system" });
  });

  it("gives each parent of a screened request their own days: neither's list changes when the other books", async () => {
    const slots = [];
    for (let d = 2; d < 12; d++) for (const h of [8, 9, 10]) slots.push(await slot(at(d, h)));
    const aDraft = await draftOf(cecilia, answersFor("begaran"));
    await choose(aDraft, cecilia, CECILIA, slots[0]!.id);
    const a = await submit(aDraft, cecilia, CECILIA);
    await releaseAll();
    await sweep(jobDeps);
    const ctxA = contextFor(cecilia, CECILIA, "Cecilia Carlsson");
    const ctxB = contextFor(david, DAVID, "David Dahl");
    const [invitation] = (await myBookingsLoader(get("/"), ctxB)).invitations;
    const accepted = await invitationAction(post("/", { intent: "accept" }), ctxB, invitation!.id);
    const draftId = /utkast\/([0-9a-f-]{36})\//.exec(accepted.headers.get("Location")!)![1]!;
    const bDraft = (await loadDraft(database.db, config.secrets.keyring, draftId, { personId: david }))!;
    bDraft.answers = { ...answersFor("inbjuden"), ...bDraft.answers };

    const davidOffered = async () =>
      ((await slotStep.load(stepContext(bDraft, david, DAVID))) as SlotStepData).groups.flatMap((g) => g.slots);
    const ceciliaOffered = async () =>
      (await bookingLoader(get(`/samarbetssamtal/bokning/${a.reference}`), ctxA, a.reference)).groups.flatMap(
        (g) => g.slots,
      );
    const davidBefore = await davidOffered();
    const ceciliaBefore = await ceciliaOffered();
    // Disjoint: not one day in common, and Cecilia's own day is not among David's.
    const days = (list: { startsAt: string }[]) => new Set(list.map((x) => localDay(new Date(x.startsAt))));
    const hersDays = days([...ceciliaBefore, { startsAt: slots[0]!.startsAt.toISOString() }]);
    for (const d of days(davidBefore)) expect(hersDays.has(d)).toBe(false);
    expect(davidBefore.length).toBeGreaterThan(0);

    // Cecilia moves her time to another of her days: David's list is exactly as it was.
    const moved = await rebook(database.db, {
      submissionId: a.submissionId,
      personId: cecilia,
      bookingId: (await liveBookingOf(database.db, a.submissionId))!.booking.id,
      slotId: ceciliaBefore[0]!.id,
      needs: needsFromAnswers(answersFor("begaran")),
      protected: false,
      cutoffHours: 24,
    });
    expect(moved.ok).toBe(true);
    expect(await davidOffered()).toEqual(davidBefore);
    const ceciliaNow = await ceciliaOffered();

    // David books: Cecilia's list is exactly as it was.
    expect((await choose(bDraft, david, DAVID, davidBefore[0]!.id)).ok).toBe(true);
    await submit(bDraft, david, DAVID);
    expect(await ceciliaOffered()).toEqual(ceciliaNow);

    // Neither can take a time on the other's days, even by posting its id.
    const hisNext = davidBefore[1]!.id;
    expect(
      await rebook(database.db, {
        submissionId: a.submissionId,
        personId: cecilia,
        bookingId: (await liveBookingOf(database.db, a.submissionId))!.booking.id,
        slotId: hisNext,
        needs: needsFromAnswers(answersFor("begaran")),
        protected: false,
        cutoffHours: 24,
      }),
    ).toEqual({ ok: false, reason: "unavailable" });
  });

  it("offers the informationssamtal as its own choice: its own times, no court question, and the invitation names it", async () => {
    const cooperation = await slot(at(3, 9));
    const informationAt = at(4, 9);
    await publishSlots(
      database.db,
      [
        {
          startsAt: informationAt,
          minutes: 60,
          kind: "informationssamtal",
          mode: "fysiskt",
          location: "Storgatan 1, rum 4",
        },
      ],
      "staff:test",
    );
    const [information] = await database.db.select().from(bookingSlot).where(eq(bookingSlot.startsAt, informationAt));
    const answers = answersFor("begaran", {
      samtal: { kind: "informationssamtal", role: "begaran" },
      familj: { custody: "gemensam", questions: ["vardnad"], childrenKnow: "nej" },
    });

    // Whether a court commissioned the talks is asked about samarbetssamtal only.
    const court = samarbetssamtal.steps.find((s) => s.id === "familj")!.fields!.court!;
    expect(court.when?.(answers)).toBe(false);
    expect(court.when?.(answersFor("begaran"))).toBe(true);

    // Only the unit's informationssamtal times are offered, and only those can be booked.
    const aDraft = await draftOf(cecilia, answers);
    const offered = ((await slotStep.load(stepContext(aDraft, cecilia, CECILIA))) as SlotStepData).groups.flatMap(
      (g) => g.slots,
    );
    expect(offered.map((o) => o.id)).toEqual([information!.id]);
    expect((await choose(aDraft, cecilia, CECILIA, cooperation.id)).ok).toBe(false);
    expect((await choose(aDraft, cecilia, CECILIA, information!.id)).ok).toBe(true);
    const a = await submit(aDraft, cecilia, CECILIA);
    expect(
      samarbetssamtal.computed!(aDraft.answers, { loggedIn: true, pnr: CECILIA, today: new Date() }),
    ).toMatchObject({ talk: "informationssamtal", courtOrdered: null });
    expect((await liveBookingOf(database.db, a.submissionId))?.booking.slotId).toBe(information!.id);

    // The other parent, once the unit has released it, is invited to an informationssamtal, and
    // offered informationssamtal times only (none is left here: the one time is Cecilia's).
    await releaseAll();
    await sweep(jobDeps);
    const ctxB = contextFor(david, DAVID, "David Dahl");
    const [invitation] = (await myBookingsLoader(get("/"), ctxB)).invitations;
    expect(await invitationLoader(get("/"), ctxB, invitation!.id)).toMatchObject({ kind: "informationssamtal" });
    const accepted = await invitationAction(post("/", { intent: "accept" }), ctxB, invitation!.id);
    const draftId = /utkast\/([0-9a-f-]{36})\//.exec(accepted.headers.get("Location")!)![1]!;
    const bDraft = (await loadDraft(database.db, config.secrets.keyring, draftId, { personId: david }))!;
    expect(bDraft.answers.samtal).toMatchObject({ kind: "informationssamtal", role: "inbjuden" });
    bDraft.answers = { ...answersFor("inbjuden"), ...bDraft.answers };
    expect(((await slotStep.load(stepContext(bDraft, david, DAVID))) as SlotStepData).groups).toEqual([]);
  });

  it("lets the unit swap the parents' days while neither holds a time, shows interpreter languages, and still no list changes when the other books", async () => {
    const slots = [];
    // Long enough for a talk with an interpreter.
    for (let d = 2; d < 12; d++) for (const h of [8, 9, 10]) slots.push(await slot(at(d, h), { minutes: 90 }));
    const aDraft = await draftOf(
      cecilia,
      answersFor("begaran", { tolk: { interpreter: "ja", language: "arabiska" }, tid: { choice: "ingen" } }),
    );
    const a = await submit(aDraft, cecilia, CECILIA);
    await releaseAll();
    await sweep(jobDeps);
    const frida = { kind: "staff", id: "frida" } as const;
    const followed = async () =>
      (await releasedRequests(database.db, config.secrets.keyring, frida, new Date(Date.now() - DAY)))[0]!;
    const before = await followed();
    // The linked view names the language each parent needs an interpreter for (read audited), and each parent's next days.
    expect(before).toMatchObject({ requesterInterpreter: "arabiska", inviteeInterpreter: null, swappable: true });
    expect(before.days!.requester.every((d) => dayParity(new Date(`${d}T12:00:00Z`)) === 0)).toBe(true);
    expect(before.days!.invitee.every((d) => dayParity(new Date(`${d}T12:00:00Z`)) === 1)).toBe(true);
    const reads = await database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "submission_read"), eq(auditEvent.actorId, "frida")));
    expect(reads.map((r) => [r.subjectId, (r.details as { purpose: string }).purpose])).toEqual([
      [a.submissionId, "bookings_view"],
    ]);

    const ctxA = contextFor(cecilia, CECILIA, "Cecilia Carlsson");
    const ctxB = contextFor(david, DAVID, "David Dahl");
    const [invitation] = (await myBookingsLoader(get("/"), ctxB)).invitations;
    const accepted = await invitationAction(post("/", { intent: "accept" }), ctxB, invitation!.id);
    const draftId = /utkast\/([0-9a-f-]{36})\//.exec(accepted.headers.get("Location")!)![1]!;
    const bDraft = (await loadDraft(database.db, config.secrets.keyring, draftId, { personId: david }))!;
    bDraft.answers = { ...answersFor("inbjuden"), ...bDraft.answers };
    const davidOffered = async () =>
      ((await slotStep.load(stepContext(bDraft, david, DAVID))) as SlotStepData).groups.flatMap((g) => g.slots);
    const ceciliaOffered = async () =>
      (await bookingLoader(get(`/samarbetssamtal/bokning/${a.reference}`), ctxA, a.reference)).groups.flatMap(
        (g) => g.slots,
      );
    const parities = (list: { startsAt: string }[]) => new Set(list.map((x) => dayParity(new Date(x.startsAt))));
    expect(parities(await davidOffered())).toEqual(new Set([1]));
    expect(parities(await ceciliaOffered())).toEqual(new Set([0]));

    // The unit swaps the days: each parent now sees only the other set, still disjoint.
    expect(await swapDaysOfRequest(database.db, frida, before.requestId)).toEqual({ ok: true });
    const davidNow = await davidOffered();
    const ceciliaNow = await ceciliaOffered();
    expect(parities(davidNow)).toEqual(new Set([0]));
    expect(parities(ceciliaNow)).toEqual(new Set([1]));
    expect(davidNow.length + ceciliaNow.length).toBe(slots.length);

    // David books one of his new days: Cecilia's list is exactly as it was.
    expect((await choose(bDraft, david, DAVID, davidNow[0]!.id)).ok).toBe(true);
    await submit(bDraft, david, DAVID);
    expect(await ceciliaOffered()).toEqual(ceciliaNow);

    // Now a held time would land on the other parent's days: the swap is refused and nothing changes.
    expect(await swapDaysOfRequest(database.db, frida, before.requestId)).toEqual({ ok: false, reason: "booked" });
    expect(await ceciliaOffered()).toEqual(ceciliaNow);
    expect((await followed()).swappable).toBe(false);
    expect(
      await database.db.select().from(auditEvent).where(eq(auditEvent.action, "booking_days_swapped")),
    ).toHaveLength(1);
  });

  it("keeps 15 separate-talk couples apart while all 30 parents race for the same times", async () => {
    const slots = [];
    for (let d = 2; d < 12; d++) for (const h of [8, 9, 10, 11]) slots.push(await slot(at(d, h)));
    const couples = [];
    for (let i = 0; i < 15; i++) {
      const pnrA = `1970010${String(i).padStart(2, "0")}01`;
      const pnrB = `1971010${String(i).padStart(2, "0")}02`;
      const secrets = { keyring: config.secrets.keyring, personLookup: config.secrets.personLookup };
      const aId = await upsertPerson(database.db, secrets, { pnr: pnrA, name: null, protectedIdentity: false });
      const bId = await upsertPerson(database.db, secrets, { pnr: pnrB, name: null, protectedIdentity: false });
      const answers = answersFor("begaran", {
        "annan-foralder": { name: "X", pnr: pnrB, email: `b${i}@example.se` },
        tid: { choice: "ingen" },
      });
      const a = await submit(await draftOf(aId, answers), aId, pnrA);
      couples.push({ aId, bId, pnrA, pnrB, a });
    }
    await releaseAll();
    await sweep(jobDeps);
    const invitees: Awaited<ReturnType<typeof draftOf>>[] = [];
    for (const c of couples) {
      const ctx = contextFor(c.bId, c.pnrB, "B");
      const [invitation] = (await myBookingsLoader(get("/"), ctx)).invitations;
      const accepted = await invitationAction(post("/", { intent: "accept" }), ctx, invitation!.id);
      const draftId = /utkast\/([0-9a-f-]{36})\//.exec(accepted.headers.get("Location")!)![1]!;
      const d = (await loadDraft(database.db, config.secrets.keyring, draftId, { personId: c.bId }))!;
      d.answers = { ...answersFor("inbjuden"), ...d.answers };
      invitees.push(d);
    }
    const needs = needsFromAnswers(answersFor("begaran"));
    const booked = new Set<string>();
    // Rounds, all parents without a time at once: first everyone tries the soonest of their own
    // free times (fifteen racing for one), then any of them (still colliding now and then).
    const pick = <T>(list: T[], round: number) => list[round === 0 ? 0 : Math.floor(Math.random() * list.length)];
    for (let round = 0; round < 40 && booked.size < 30; round++) {
      const attempts = couples.flatMap((c, i) => [
        booked.has(`a${i}`)
          ? null
          : (async () => {
              const page = await bookingLoader(get("/"), contextFor(c.aId, c.pnrA, "A"), c.a.reference);
              const first = pick(
                page.groups.flatMap((g) => g.slots),
                round,
              );
              if (!first) return;
              const r = await rebook(database.db, {
                submissionId: c.a.submissionId,
                personId: c.aId,
                bookingId: null,
                slotId: first.id,
                needs,
                protected: false,
                cutoffHours: 24,
              });
              if (r.ok) booked.add(`a${i}`);
            })(),
        booked.has(`b${i}`)
          ? null
          : (async () => {
              const d = invitees[i]!;
              const page = (await slotStep.load(stepContext(d, c.bId, c.pnrB))) as SlotStepData;
              const first = pick(
                page.groups.flatMap((g) => g.slots),
                round,
              );
              if (!first || !(await choose(d, c.bId, c.pnrB, first.id)).ok) return;
              try {
                await submit(d, c.bId, c.pnrB);
                booked.add(`b${i}`);
              } catch (error) {
                if (!(error instanceof SubmitConflict)) throw error;
              }
            })(),
      ]);
      await Promise.all(attempts);
    }
    expect(booked.size).toBe(30);
    const live = await database.db
      .select({
        requestId: booking.requestId,
        party: booking.party,
        slotId: booking.slotId,
        startsAt: bookingSlot.startsAt,
      })
      .from(booking)
      .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
      .where(eq(booking.status, "booked"));
    expect(live).toHaveLength(30);
    // The 1-of-N race still holds: no time is held twice.
    expect(new Set(live.map((b) => b.slotId)).size).toBe(30);
    // No couple's two talks fall on the same day, so never back to back in the same room either.
    for (const c of couples) {
      const [request] = await database.db
        .select()
        .from(bookingRequest)
        .where(eq(bookingRequest.requesterSubmissionId, c.a.submissionId));
      const pair = live.filter((b) => b.requestId === request!.id);
      expect(pair).toHaveLength(2);
      expect(localDay(pair[0]!.startsAt)).not.toBe(localDay(pair[1]!.startsAt));
    }
  });

  it("continues the person's unfinished draft when they press Boka samtal again, but never an invitation's draft", async () => {
    const ctxA = contextFor(cecilia, CECILIA, "Cecilia Carlsson");
    const start = async () => {
      const response = await startDraft(post("/samarbetssamtal/starta", {}), ctxA, samarbetssamtal);
      expect(response.status).toBe(303);
      return /utkast\/([0-9a-f-]{36})\//.exec(response.headers.get("Location")!)![1]!;
    };
    const first = await start();
    expect(await start()).toBe(first);
    expect(await database.db.select().from(draft)).toHaveLength(1);
    // A draft made to answer an invitation is left alone: a new request gets a draft of its own.
    await database.db.delete(draft);
    await createDraft(
      database.db,
      config.secrets.keyring,
      samarbetssamtal,
      { personId: cecilia },
      { samtal: { kind: "samarbetssamtal", role: "inbjuden" } },
      30,
    );
    const own = await start();
    expect(await database.db.select().from(draft)).toHaveLength(2);
    expect(await start()).toBe(own);
  });

  it("refuses a slot in the past, a cancelled slot, a foreign booking and a change past the cut-off, changing nothing", async () => {
    const mine = await slot(at(2, 9));
    const other = await slot(at(6, 9));
    const later = await slot(at(8, 9));
    const aDraft = await draftOf(cecilia, answersFor("begaran"));
    await choose(aDraft, cecilia, CECILIA, mine.id);
    const a = await submit(aDraft, cecilia, CECILIA);
    const aBooking = (await liveBookingOf(database.db, a.submissionId))!.booking;
    const needs = needsFromAnswers(answersFor("begaran"));

    // A slot already begun.
    const [past] = await database.db
      .insert(bookingSlot)
      .values({
        startsAt: new Date(Date.now() - HOUR),
        minutes: 60,
        kind: "samarbetssamtal",
        mode: "fysiskt",
        location: "X",
        createdBy: "t",
      })
      .returning();
    const d2 = await draftOf(david, answersFor("begaran"));
    expect(await choose(d2, david, DAVID, past!.id)).toMatchObject({
      ok: false,
      problems: [{ field: "slot", error: "past" }],
    });
    const move = (slotId: string, bookingId: string | null = aBooking.id, now?: Date) =>
      rebook(database.db, {
        submissionId: a.submissionId,
        personId: cecilia,
        bookingId,
        slotId,
        needs,
        protected: false,
        cutoffHours: 24,
        now,
      });
    expect(await move(past!.id)).toEqual({ ok: false, reason: "past" });

    // A slot the unit has cancelled (the unit's side is tested with the staff console).
    await database.db.update(bookingSlot).set({ cancelledAt: new Date() }).where(eq(bookingSlot.id, other.id));
    expect(await choose(d2, david, DAVID, other.id)).toMatchObject({ ok: false, problems: [{ error: "unavailable" }] });
    expect(await move(other.id)).toEqual({ ok: false, reason: "unavailable" });
    // A malformed or unknown slot id.
    expect(await choose(d2, david, DAVID, "'; drop table booking; --")).toMatchObject({
      ok: false,
      problems: [{ error: "not_an_option" }],
    });

    // David tries Cecilia's booking id: it is not his, so it does not exist for him.
    const ctxB = contextFor(david, DAVID, "David Dahl");
    expect(await cancelBooking(database.db, { bookingId: aBooking.id, personId: david, cutoffHours: 24 })).toEqual({
      ok: false,
      reason: "not_found",
    });
    const dDraft = await draftOf(david, answersFor("begaran"));
    await choose(dDraft, david, DAVID, later.id);
    const d = await submit(dDraft, david, DAVID);
    const foreign = await bookingAction(
      post(`/samarbetssamtal/bokning/${d.reference}`, { intent: "cancel", booking: aBooking.id }),
      ctxB,
      d.reference,
    );
    expect(foreign).toMatchObject({ init: { status: 409 }, data: { error: "not_found" } });
    expect(await cancelBooking(database.db, { bookingId: "not-a-uuid", personId: david, cutoffHours: 24 })).toEqual({
      ok: false,
      reason: "not_found",
    });

    // Past the cut-off: neither cancel nor move.
    const late = new Date(mine.startsAt.getTime() - 2 * HOUR);
    expect(
      await cancelBooking(database.db, { bookingId: aBooking.id, personId: cecilia, cutoffHours: 24, now: late }),
    ).toEqual({
      ok: false,
      reason: "too_late",
    });
    const fresh = await slot(at(9, 9));
    expect(await move(fresh.id, aBooking.id, late)).toEqual({ ok: false, reason: "too_late" });

    // Nothing changed: Cecilia still holds her time, every other slot is as it was.
    const [still] = await database.db.select().from(booking).where(eq(booking.id, aBooking.id));
    expect(still).toMatchObject({ status: "booked", slotId: mine.id });
    expect(
      (await freeSlots(database.db, { kind: "samarbetssamtal", mode: "fysiskt", minMinutes: 60 }, new Date())).map(
        (s) => s.id,
      ),
    ).toEqual([fresh.id]);
  });

  it("offers 'Avboka eller boka om' on the receipt only until the cut-off, 24 hours before the talk", async () => {
    const s = await slot(at(3, 10));
    const aDraft = await draftOf(cecilia, answersFor("begaran"));
    await choose(aDraft, cecilia, CECILIA, s.id);
    const a = await submit(aDraft, cecilia, CECILIA);
    const ctxA = contextFor(cecilia, CECILIA, "Cecilia Carlsson");
    const receiptTime = async () => (await bookingReceiptLoader(get("/"), ctxA, { reference: a.reference })).time;
    expect(await receiptTime()).toMatchObject({ changeable: true });
    // Days pass: the talk is now 23 hours away (the unit may also have moved it there).
    await database.db
      .update(bookingSlot)
      .set({ startsAt: new Date(Date.now() + 23 * HOUR) })
      .where(eq(bookingSlot.id, s.id));
    expect(await receiptTime()).toMatchObject({ changeable: false });
  });

  it("moves a booking in one step, frees a cancelled time at once, and measures the 14 days", async () => {
    const first = await slot(at(3, 9));
    const second = await slot(at(20, 9));
    const aDraft = await draftOf(cecilia, answersFor("begaran"));
    await choose(aDraft, cecilia, CECILIA, second.id);
    const a = await submit(aDraft, cecilia, CECILIA);
    const aBooking = (await liveBookingOf(database.db, a.submissionId))!.booking;

    // The first time offered was within 14 days, though she booked one further away.
    expect(await targetFigures(database.db, new Date(Date.now() - DAY))).toEqual({
      requests: 1,
      offeredWithin: 1,
      booked: 1,
      bookedWithin: 0,
    });

    const moved = await rebook(database.db, {
      submissionId: a.submissionId,
      personId: cecilia,
      bookingId: aBooking.id,
      slotId: first.id,
      needs: needsFromAnswers(answersFor("begaran")),
      protected: false,
      cutoffHours: 24,
    });
    expect(moved.ok).toBe(true);
    // The receipt's "what you sent" shows the time that holds now, not the one first chosen.
    const ctxA = contextFor(cecilia, CECILIA, "Cecilia Carlsson");
    const timeRow = async () =>
      (await bookingReceiptLoader(get("/"), ctxA, { reference: a.reference })).receipt.sections
        .find((section) => section.stepId === "tid")!
        .groups[0]!.find((row) => row.fieldId === "time");
    expect((await timeRow())?.value).toBe(slotLabel(first.startsAt, first.minutes));
    // So does the unit's item page, which reads the same answers from the queue item.
    const [item] = await database.db.select().from(robotItem).where(eq(robotItem.submissionId, a.submissionId));
    const itemPage = await itemLoader(get("/"), staffContext("frida", ["familjeratt"]), "familjeratt", item!.id);
    expect(
      itemPage.sections.find((section) => section.stepId === "tid")!.groups[0]!.find((row) => row.fieldId === "time")
        ?.value,
    ).toBe(slotLabel(first.startsAt, first.minutes));
    const free = async () =>
      (await freeSlots(database.db, { kind: "samarbetssamtal", mode: "fysiskt", minMinutes: 60 }, new Date())).map(
        (s) => s.id,
      );
    expect(await free()).toEqual([second.id]);
    const now = (await liveBookingOf(database.db, a.submissionId))!;
    expect(await cancelBooking(database.db, { bookingId: now.booking.id, personId: cecilia, cutoffHours: 24 })).toEqual(
      { ok: true, nowSeparate: [] },
    );
    expect(await free()).toEqual([first.id, second.id]);
    expect(await timeRow()).toBeUndefined();
    const kinds = (await database.db.select().from(bookingEvent)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["requested", "offered", "booked", "cancelled"]));
    // A request with no time at all still goes through, to the family-law queue.
    const none = await draftOf(david, answersFor("begaran", { tid: { choice: "ingen" } }));
    const sentNone = await submit(none, david, DAVID);
    expect(sentNone.status).toBe("received");
    const queued = await rowsOf<{ name: string }>(
      database.db,
      sql`select name from pgboss.job where name like 'intake.%'`,
    );
    expect(queued.map((q) => q.name)).toEqual(["intake.familjeratt", "intake.familjeratt"]);
  });

  it("routes a protected parent to the restricted queue and never shows them, or their calendar, an address", async () => {
    const s = await slot(at(4, 9), { location: "Storgatan 1, rum 3" });
    const answers = answersFor("begaran", {
      skydd: { protected: "ja" },
      motesform: { protectedMode: "annan-plats" },
    });
    const d = await draftOf(cecilia, answers);
    const page = (await slotStep.load(stepContext(d, cecilia, CECILIA))) as SlotStepData;
    expect(JSON.stringify(page)).not.toContain("Storgatan");
    await choose(d, cecilia, CECILIA, s.id);
    const a = await submit(d, cecilia, CECILIA);
    const [row] = await database.db.select().from(submission);
    expect(row).toMatchObject({ queue: "skyddad", flags: ["protected_identity"] });
    const ctxA = contextFor(cecilia, CECILIA, "Cecilia Carlsson");
    const ics = await (await calendarLoader(get("/"), ctxA, a.reference)).text();
    expect(ics).toContain("SUMMARY:Bokad tid");
    // Nothing in it says what the talk is about or with whom, in a calendar someone else may see.
    expect(ics).not.toMatch(/familjer|samarbetssamtal|Cecilia|Carlsson|Alva/i);
    expect(ics).not.toContain("LOCATION");
    expect(JSON.stringify(await bookingReceiptLoader(get("/"), ctxA, { reference: a.reference }))).not.toContain(
      "Storgatan",
    );
    // No reminder for a protected booking.
    await sweep(jobDeps, new Date(s.startsAt.getTime() - 20 * HOUR));
    await drainNotices();
    expect([...sent.email, ...sent.sms].filter((m) => m.to.startsWith("cecilia"))).toEqual([]);
  });
});

describe("invitation links", () => {
  it("open only for the request they were made for", async () => {
    const { invitationToken, requestIdFromToken } = await import("~/e-services/samarbetssamtal/jobs.server");
    const secret = Buffer.from("s".repeat(40));
    const id = "6f1f2c3e-0000-4000-8000-000000000001";
    const token = invitationToken(secret, id);
    expect(requestIdFromToken(secret, token)).toBe(id);
    expect(
      requestIdFromToken(
        secret,
        token.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
      ),
    ).toBeNull();
    expect(requestIdFromToken(Buffer.from("t".repeat(40)), token)).toBeNull();
  });
});
