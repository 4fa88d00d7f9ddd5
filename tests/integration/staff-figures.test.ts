import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { figureContributions } from "~/e-services/registry.server";
import { own } from "../support/own-figures";
import {
  booking,
  bookingAttendance,
  bookingRequest,
  bookingSlot,
  followUpFact,
  message,
  robotItem,
  robotItemEvent,
  submission,
  submissionEvent,
} from "#db/schema";
import { runRetention } from "~/intake/retention.server";
import { newReference } from "~/intake/reference";
import * as figuresCsv from "~/routes/personal._konsol.uppfoljning.csv";
import * as figuresPage from "~/routes/personal._konsol.uppfoljning._index";
import { factsBetween, liveFacts } from "~/figures/facts.server";
import { computeFigures, type MonthFigures } from "~/figures/figures";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, type StaffHarness } from "../support/staff-harness";

const TZ = "Europe/Stockholm";
const MARCH_START = new Date("2026-02-28T23:00:00Z"); // 1 March 00:00 in Stockholm (CET)
const APRIL_START = new Date("2026-03-31T22:00:00Z"); // 1 April 00:00 in Stockholm (CEST)
const at = (iso: string) => new Date(iso);
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
const DAY = 24 * 60;

/**
 * A month of data written straight into the tables the figures read (the way the intake engine,
 * the robot and the booking service leave them), with every figure worked out by hand below.
 * Then the retention job deletes most of it, and the figures must not change.
 */
describeEachDatabase("follow-up figures on a seeded month", (kind) => {
  let h: StaffHarness;
  let march: MonthFigures;
  const ids: string[] = [];

  async function seed(input: {
    service: string;
    channel?: "e-service" | "assisted" | "paper";
    submittedAt: Date;
    identified?: boolean;
    acute?: boolean;
    statistics?: Record<string, string | boolean | null>;
    claimAfter?: number;
    registeredAfter?: number;
    byHand?: boolean;
    fromPerson?: number;
    toPerson?: number;
  }) {
    const id = randomUUID();
    ids.push(id);
    const { db } = h.database;
    const registeredAt = input.registeredAfter === undefined ? null : plus(input.submittedAt, input.registeredAfter);
    await db.insert(submission).values({
      id,
      reference: newReference("TT"),
      draftId: randomUUID(),
      serviceId: input.service,
      serviceVersion: 1,
      personId: input.identified === false ? null : h.annaId,
      channel: input.channel ?? "e-service",
      answersSealed: "not-opened-by-the-figures",
      status: registeredAt ? "registered" : "received",
      queue: "mottagning-vuxna",
      priority: input.acute ? 100 : 0,
      flags: input.acute ? ["acute"] : [],
      language: "sv",
      createdAt: input.submittedAt,
      submittedAt: input.submittedAt,
      registeredAt,
      caseNumber: registeredAt ? "X-1" : null,
      // Due for deletion at once, so the retention job can be run over the month.
      retainUntil: registeredAt ? at("2026-05-01T00:00:00Z") : null,
    });
    if (input.statistics)
      await db.insert(submissionEvent).values({
        submissionId: id,
        kind: "statistics",
        visibleToPerson: false,
        at: input.submittedAt,
        details: { channel: input.channel ?? "e-service", ...input.statistics },
      });
    if (registeredAt)
      await db.insert(submissionEvent).values({
        submissionId: id,
        kind: "registered",
        visibleToPerson: true,
        at: registeredAt,
        details: input.byHand
          ? { caseNumber: "X-1", caseSystem: "T", manual: true }
          : { caseNumber: "X-1", caseSystem: "T" },
      });
    if (input.claimAfter !== undefined) {
      const itemId = randomUUID();
      await db.insert(robotItem).values({
        id: itemId,
        queue: "mottagning-vuxna",
        kind: "submission",
        submissionId: id,
        reference: "TT-X",
        serviceId: input.service,
        priority: 0,
        state: "in_progress",
        createdAt: input.submittedAt,
      });
      // A second, later claim (after an expired lease) must not count: the first one does.
      await db.insert(robotItemEvent).values([
        { itemId, kind: "claimed", at: plus(input.submittedAt, input.claimAfter) },
        { itemId, kind: "claimed", at: plus(input.submittedAt, input.claimAfter + 300) },
      ]);
    }
    for (let i = 0; i < (input.fromPerson ?? 0); i++)
      await db
        .insert(message)
        .values({ submissionId: id, direction: "from_person", authorKind: "person", bodySealed: "x" });
    for (let i = 0; i < (input.toPerson ?? 0); i++)
      await db
        .insert(message)
        .values({ submissionId: id, direction: "to_person", authorKind: "robot", bodySealed: "x" });
    return id;
  }

  async function talkRequest(
    requestedAt: Date,
    talks: { afterDays: number; status?: "cancelled"; noShow?: boolean; invitee?: boolean }[],
  ) {
    const requester = await seed({ service: "samarbetssamtal", submittedAt: requestedAt, registeredAfter: 30 });
    const { db } = h.database;
    const [request] = await db
      .insert(bookingRequest)
      .values({
        kind: "samarbetssamtal",
        createdAt: requestedAt,
        requesterPersonId: h.annaId,
        requesterSubmissionId: requester,
        requesterJointOk: false,
        invitationChannel: "letter",
        invitationState: "letter",
      })
      .returning();
    let invitee: string | null = null;
    for (const talk of talks) {
      if (talk.invitee && !invitee) {
        // The other parent's own submission, answering the same request: not a request of its own.
        invitee = await seed({ service: "samarbetssamtal", submittedAt: plus(requestedAt, 60), registeredAfter: 30 });
        await db
          .update(bookingRequest)
          .set({ inviteeSubmissionId: invitee, inviteeStatus: "accepted" })
          .where(eq(bookingRequest.id, request!.id));
      }
      const [slot] = await db
        .insert(bookingSlot)
        .values({
          startsAt: plus(requestedAt, talk.afterDays * DAY),
          minutes: 60,
          kind: "samarbetssamtal",
          mode: "digitalt",
          createdBy: "test",
        })
        .returning();
      const [b] = await db
        .insert(booking)
        .values({
          requestId: request!.id,
          party: talk.invitee ? "invitee" : "requester",
          personId: h.annaId,
          submissionId: talk.invitee ? invitee! : requester,
          slotId: slot!.id,
          status: talk.status ?? "booked",
        })
        .returning();
      if (talk.noShow)
        await db.insert(bookingAttendance).values({ bookingId: b!.id, outcome: "no_show", markedBy: "staff:frida" });
    }
    return { requester, requestId: request!.id };
  }

  beforeAll(async () => {
    h = await startStaffHarness(kind);

    // ---- Försörjningsstöd: 10 applications in March ------------------------------------------
    const fsDocs = ["all", "all", "all", "all", "all", "some", "none", "not_asked"];
    const fsRegistration = [10, 20, 30, 40, 50, 600, null, null]; // minutes to the robot's registration
    for (const [i, docs] of fsDocs.entries()) {
      await seed({
        service: "forsorjningsstod",
        submittedAt: at(`2026-03-${String(2 + i).padStart(2, "0")}T09:00:00Z`),
        statistics: { documentsAttached: docs, householdType: "single" },
        registeredAfter: fsRegistration[i] ?? undefined,
        fromPerson: i === 0 ? 2 : i < 3 ? 1 : 0,
        toPerson: i < 2 ? 1 : 0,
      });
    }
    await seed({
      service: "forsorjningsstod",
      channel: "assisted",
      identified: false,
      submittedAt: at("2026-03-20T10:00:00Z"),
      statistics: { documentsAttached: "none", householdType: "single" },
      registeredAfter: 5,
      byHand: true,
    });
    await seed({
      service: "forsorjningsstod",
      channel: "paper",
      identified: false,
      submittedAt: at("2026-03-21T10:00:00Z"),
      statistics: { documentsAttached: "all", householdType: "couple" },
    });
    // Outside March: the last minute of February and the first of April (in Stockholm).
    await seed({
      service: "forsorjningsstod",
      submittedAt: plus(MARCH_START, -1),
      statistics: { documentsAttached: "none" },
    });
    await seed({ service: "forsorjningsstod", submittedAt: APRIL_START, statistics: { documentsAttached: "none" } });

    // ---- Orosanmälan: 8 reports in March ------------------------------------------------------
    const report = (
      channel: "e-service" | "paper",
      submittedAt: Date,
      s: Record<string, string | boolean | null>,
      extra = {},
    ) => seed({ service: "orosanmalan", channel, identified: false, submittedAt, statistics: s, ...extra });
    const teacher = (unit: string, organisation = "skola") => ({
      reporter: "yrkesperson",
      organisation,
      unit,
      about: "barn",
      acute: false,
    });
    // 00:30 on 1 March in Stockholm, still February in UTC: March.
    await report("e-service", at("2026-02-28T23:30:00Z"), teacher("exempelskolan"));
    await report("e-service", at("2026-03-05T08:00:00Z"), teacher("exempelskolan"), { acute: true, claimAfter: 5 });
    await report("e-service", at("2026-03-06T08:00:00Z"), teacher("exempelskolan"));
    await report("e-service", at("2026-03-07T08:00:00Z"), { reporter: "privatperson", about: "vuxen", acute: false });
    await report("paper", at("2026-03-08T08:00:00Z"), teacher("exempelskolan"), { acute: true, claimAfter: 25 });
    await report("paper", at("2026-03-09T08:00:00Z"), teacher("backens-forskola", "forskola"));
    await report("paper", at("2026-03-10T08:00:00Z"), { reporter: "privatperson", about: "barn", acute: false });
    await report("paper", at("2026-03-11T08:00:00Z"), { reporter: "privatperson", about: "vuxen", acute: false });
    // 00:30 on 1 April in Stockholm (summer time), still March in UTC: April.
    await report("e-service", at("2026-03-31T22:30:00Z"), teacher("exempelskolan"));

    // ---- Samarbetssamtal: 4 requests in March --------------------------------------------------
    await talkRequest(at("2026-03-02T08:00:00Z"), [{ afterDays: 10 }, { afterDays: 3, status: "cancelled" }]);
    await talkRequest(at("2026-03-03T08:00:00Z"), [
      { afterDays: 13, noShow: true },
      { afterDays: 20, invitee: true },
    ]);
    await talkRequest(at("2026-03-04T08:00:00Z"), [{ afterDays: 16 }]);
    await talkRequest(at("2026-03-05T08:00:00Z"), []);

    [march = undefined as never] = computeFigures(
      await factsBetween(h.database.db, MARCH_START, APRIL_START),
      ["2026-03"],
      ["orosanmalan", "forsorjningsstod", "samarbetssamtal"],
      TZ,
      figureContributions,
    );
  });
  afterAll(() => h?.close());

  it("counts submissions by channel in the month they arrived, in Stockholm time", () => {
    expect(march.services.forsorjningsstod!.byChannel).toEqual({ "e-service": 8, assisted: 1, paper: 1 });
    expect(march.services.orosanmalan!.byChannel).toEqual({ "e-service": 4, assisted: 0, paper: 4 });
    // Four requests and the invited parent's answer to one of them.
    expect(march.services.samarbetssamtal!.byChannel).toEqual({ "e-service": 5, assisted: 0, paper: 0 });
  });

  it("gives the försörjningsstöd shares: 8 of 10 through the e-service, 5 of 7 with every document", () => {
    expect(own(march).forsorjningsstod.eService).toEqual({ numerator: 8, denominator: 10, share: 0.8 });
    expect(own(march).forsorjningsstod.documents).toEqual({ numerator: 5, denominator: 7, share: 5 / 7 });
    expect(own(march).forsorjningsstod.documentsSome).toBe(1);
    expect(own(march).forsorjningsstod.documentsNone).toBe(1);
  });

  it("gives the orosanmälan shares, by reporter, organisation and school", () => {
    const oa = own(march).orosanmalan;
    expect(oa.eService).toEqual({ numerator: 4, denominator: 8, share: 0.5 });
    // About children: 3 through the e-service of 6.
    expect(oa.aboutChildren).toEqual({ numerator: 3, denominator: 6, share: 0.5 });
    expect(oa.byReporter).toEqual([
      { key: "privatperson", share: { numerator: 1, denominator: 3, share: 1 / 3 } },
      { key: "yrkesperson", share: { numerator: 3, denominator: 5, share: 0.6 } },
    ]);
    expect(oa.byOrganisation).toEqual([
      { key: "forskola", share: { numerator: 0, denominator: 1, share: 0 } },
      { key: "skola", share: { numerator: 3, denominator: 4, share: 0.75 } },
    ]);
    expect(oa.byUnit).toEqual([
      { key: "backens-forskola", share: { numerator: 0, denominator: 1, share: 0 } },
      { key: "exempelskolan", share: { numerator: 3, denominator: 4, share: 0.75 } },
    ]);
    // 2 acute of 8; claimed after 5 and 25 minutes: median 15, 95th percentile 25.
    expect(oa.acute).toEqual({ numerator: 2, denominator: 8, share: 0.25 });
    expect(oa.acuteTimeToClaim).toEqual({ count: 2, medianMinutes: 15, p95Minutes: 25 });
  });

  it("gives the robot's registration times: median 35 and 95th percentile 600 minutes; one by hand", () => {
    const fs = march.services.forsorjningsstod!;
    expect(fs.registration.byRobot).toEqual({ count: 6, medianMinutes: 35, p95Minutes: 600 });
    expect(fs.registration.byHand).toBe(1);
    expect(march.services.orosanmalan!.registration.byRobot).toEqual({
      count: 0,
      medianMinutes: null,
      p95Minutes: null,
    });
  });

  it("gives the share of samarbetssamtal with a first talk within 14 days: 1 of 4", () => {
    // Request 1: first live talk after 10 days (the one after 3 days was cancelled). Request 2: the
    // requester's talk after 13 days was a no-show, so the first talk is the invited parent's after
    // 20 days. Request 3: 16 days. Request 4: none booked. The invited parent's submission is no request.
    expect(own(march).samarbetssamtal.within14Days).toEqual({ numerator: 1, denominator: 4, share: 0.25 });
  });

  it("gives the use of messages: 3 of 8 identified applicants wrote, 4 messages in, 2 out", () => {
    expect(march.services.forsorjningsstod!.messages).toEqual({
      withMessage: { numerator: 3, denominator: 8, share: 3 / 8 },
      fromPerson: 4,
      toPerson: 2,
    });
  });

  it("keeps every figure the same after the retention job deleted the month's registered submissions", async () => {
    const before = await liveFacts(h.database.db, { from: MARCH_START, to: APRIL_START });
    await runRetention(h.database.db, h.files, at("2026-06-01T00:00:00Z"));
    const left = await h.database.db.select({ id: submission.id }).from(submission);
    const kept = await h.database.db.select().from(followUpFact);
    // Every registered submission was deleted and left its fact; the rest are still live.
    expect(kept.length).toBeGreaterThan(10);
    expect(left.length + kept.length).toBe(ids.length);
    expect(kept.every((row) => !JSON.stringify(row.facts).includes("Anna"))).toBe(true);
    const [after] = computeFigures(
      await factsBetween(h.database.db, MARCH_START, APRIL_START),
      ["2026-03"],
      ["orosanmalan", "forsorjningsstod", "samarbetssamtal"],
      TZ,
      figureContributions,
    );
    expect(after).toEqual(march);
    const sorted = (facts: typeof before) => [...facts].sort((a, b) => a.submissionId.localeCompare(b.submissionId));
    expect(sorted(await factsBetween(h.database.db, MARCH_START, APRIL_START))).toEqual(sorted(before));
  });

  it("serves the same month as a page and as CSV", async () => {
    const url = "/personal/uppfoljning?fran=2026-03&till=2026-03&tjanst=alla";
    const page = (await figuresPage.loader({
      request: h.get(url),
      context: h.staff("alva"),
      params: {},
    } as never)) as Awaited<ReturnType<typeof figuresPage.loader>>;
    // The figures every service has, and a section for each service with figures of its own.
    expect(page.figures).toEqual([{ month: march.month, services: march.services }]);
    expect(page.sections.map((s) => s.service)).toEqual(["orosanmalan", "forsorjningsstod", "samarbetssamtal"]);
    expect(page.csv).toBe("/personal/uppfoljning/csv?fran=2026-03&till=2026-03&tjanst=alla");

    const response = (await figuresCsv.loader({
      request: h.get("/personal/uppfoljning/csv?fran=2026-03&till=2026-03&tjanst=forsorjningsstod"),
      context: h.staff("elin"),
      params: {},
    } as never)) as Response;
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="uppfoljning-2026-03-2026-03.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    // A byte-order mark first, so a spreadsheet reads it as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Swedish Excel by default: semicolons, decimal commas and Swedish headings.
    const swedish = bytes.subarray(3).toString("utf8").trim().split("\r\n");
    expect(swedish[0]).toBe("Månad;E-tjänst (kod);Mått (kod);Grupp (kod);Antal;Av;Värde;Mål");
    expect(swedish).toContain("2026-03;forsorjningsstod;documents_attached_share;;5;7;0,7142857142857143;1");
    expect(swedish).toContain("2026-03;forsorjningsstod;e_service_share;;8;10;0,8;0,9");

    const forPrograms = (await figuresCsv.loader({
      request: h.get("/personal/uppfoljning/csv?fran=2026-03&till=2026-03&tjanst=forsorjningsstod&format=rfc4180"),
      context: h.staff("elin"),
      params: {},
    } as never)) as Response;
    const text = Buffer.from(await forPrograms.arrayBuffer())
      .subarray(3)
      .toString("utf8");
    expect(text.startsWith("month,service,figure,group,numerator,denominator,value,target\r\n")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toContain("2026-03,forsorjningsstod,e_service_share,,8,10,0.8,0.9");
    expect(lines).toContain("2026-03,forsorjningsstod,documents_attached_share,,5,7,0.7142857142857143,1");
    expect(lines).toContain("2026-03,forsorjningsstod,submissions,paper,,,1,");
    expect(lines).toContain("2026-03,forsorjningsstod,registration_minutes_median,,,,35,");
    expect(lines).toContain("2026-03,forsorjningsstod,registration_minutes_p95,,,,600,");
    // Only the e-service asked for.
    expect(lines.filter((l) => l.includes(",orosanmalan,"))).toEqual([]);
  });

  it("reads the categories a real report leaves at submission", async () => {
    const sent = await h.report({ identified: true, child: true, acute: true });
    const [fact] = await liveFacts(h.database.db, { ids: [sent.submissionId] });
    expect(fact).toMatchObject({
      serviceId: "orosanmalan",
      channel: "e-service",
      acute: true,
      identified: true,
      reporter: "privatperson",
      about: "barn",
      organisation: null,
    });
    const [event] = await h.database.db
      .select()
      .from(submissionEvent)
      .where(eq(submissionEvent.submissionId, sent.submissionId));
    expect(event).toBeDefined();
    const stats = await h.database.db.execute(
      sql`select details from submission_event where submission_id = ${sent.submissionId} and kind = 'statistics'`,
    );
    expect(JSON.stringify(stats)).not.toContain("orolig");
  });
});
