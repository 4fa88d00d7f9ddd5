import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import {
  auditEvent,
  booking,
  bookingAttendance,
  bookingEvent,
  bookingRequest,
  bookingSlot,
  message,
  personContact,
  robotToken,
  submissionEvent,
} from "#db/schema";
import { audit } from "~/audit/audit.server";
import { recordStaffMember } from "~/auth/staff-directory.server";
import { seal } from "~/crypto/envelope";
import { localTime } from "~/municipality/time";
import { authenticateRobot } from "~/queue/robot-tokens.server";
import * as bookings from "~/e-services/samarbetssamtal/routes/staff-bookings";
import * as slots from "~/e-services/samarbetssamtal/routes/staff-slots";
import * as auditCsv from "~/routes/personal._konsol.logg.csv";
import * as auditLog from "~/routes/personal._konsol.logg._index";
import * as inbox from "~/routes/personal._konsol.meddelanden._index";
import * as thread from "~/routes/personal._konsol.meddelanden.$reference";
import * as tokens from "~/routes/personal._konsol.robotar";
import { describeEachDatabase } from "../support/databases";
import { ANNA, startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";
import { localDay } from "~/municipality/time";

const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;
const statusOf = (value: unknown) =>
  value instanceof Response ? value.status : ((value as { init?: { status?: number } }).init?.status ?? 200);
const notices = async (h: StaffHarness, submissionId: string, kind: string) =>
  (
    await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from pgboss.job
          where name = 'notice' and data->>'submissionId' = ${submissionId} and data->>'kind' = ${kind}`,
    )
  )[0]!.n;

describeEachDatabase("the staff console's units and administration", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  async function fromPerson(submissionId: string, text: string) {
    const id = crypto.randomUUID();
    await h.database.db.insert(message).values({
      id,
      submissionId,
      direction: "from_person",
      authorKind: "person",
      authorId: h.annaId,
      bodySealed: seal(h.config.secrets.keyring, text, `message.body:${id}`),
    });
  }

  it("lets a queue's staff read and answer a resident's messages, with a notice that says nothing", async () => {
    const sent = await h.report({ identified: true });
    await fromPerson(sent.submissionId, "Har ni fått min anmälan?");
    const viktor = h.staff("viktor");
    type Inbox = Awaited<ReturnType<typeof inbox.loader>>;
    const listed = dataOf<Inbox>(
      await inbox.loader({ request: h.get("/personal/meddelanden"), context: viktor, params: {} } as never),
    );
    expect(listed.entries).toMatchObject([
      { reference: sent.reference, unread: 1, answered: false, queue: "mottagning-vuxna" },
    ]);
    // Another unit's inbox does not have it.
    expect(
      dataOf<Inbox>(
        await inbox.loader({ request: h.get("/personal/meddelanden"), context: h.staff("sara"), params: {} } as never),
      ).entries,
    ).toEqual([]);

    type Thread = Awaited<ReturnType<typeof thread.loader>>;
    const url = `/personal/meddelanden/${sent.reference}`;
    const opened = dataOf<Thread>(
      await thread.loader({ request: h.get(url), context: viktor, params: { reference: sent.reference } } as never),
    );
    expect(opened.messages.map((m) => [m.direction, m.body])).toEqual([["from_person", "Har ni fått min anmälan?"]]);
    const [read] = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "message_read"));
    expect(read).toMatchObject({
      actorId: "staff:viktor",
      subjectId: sent.submissionId,
      details: { purpose: "staff_messages", messages: 1 },
    });

    const empty = await thread.action({
      request: h.post(url, { message: "  " }),
      context: viktor,
      params: { reference: sent.reference },
    } as never);
    expect(statusOf(empty)).toBe(400);
    expect(dataOf<Thread>(empty).error).toBe("empty");

    const answered = await thread.action({
      request: h.post(url, { message: "Ja, vi har tagit emot den och hör av oss." }),
      context: viktor,
      params: { reference: sent.reference },
    } as never);
    // Anna made no notice choice on Mina sidor: she gets a text at the number she gave in the
    // report (texts are sent outside production), and staff are told exactly that.
    expect((answered as Response).headers.get("location")).toBe(`${url}?skickat=sms-inskickat#svar`);
    const told = dataOf<Thread>(
      await thread.loader({
        request: h.get(`${url}?skickat=sms-inskickat`),
        context: viktor,
        params: { reference: sent.reference },
      } as never),
    );
    expect(told.sent).toBe("smsErrand");
    const [reply] = await h.database.db
      .select()
      .from(message)
      .where(and(eq(message.submissionId, sent.submissionId), eq(message.direction, "to_person")));
    expect(reply).toMatchObject({ authorKind: "staff", authorId: "staff:viktor" });
    expect(await notices(h, sent.submissionId, "message")).toBe(1);
    const [event] = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.kind, "message_received")));
    expect(event!.visibleToPerson).toBe(true);
    expect(
      dataOf<Inbox>(
        await inbox.loader({ request: h.get("/personal/meddelanden"), context: viktor, params: {} } as never),
      ).entries,
    ).toMatchObject([{ unread: 0, answered: true }]);

    // With an e-mail address on Mina sidor, the notice goes by e-mail, and staff are told that.
    await h.database.db.insert(personContact).values({
      personId: h.annaId,
      notifyBy: "email",
      emailSealed: seal(h.config.secrets.keyring, "anna@example.se", `person_contact.email:${h.annaId}`),
    });
    const again = await thread.action({
      request: h.post(url, { message: "En sak till." }),
      context: viktor,
      params: { reference: sent.reference },
    } as never);
    expect((again as Response).headers.get("location")).toBe(`${url}?skickat=epost#svar`);

    // An anonymous report has no one to answer.
    const anonymous = await h.report();
    await fromPerson(anonymous.submissionId, "Anonymt meddelande");
    const refused = await thread.action({
      request: h.post(`/personal/meddelanden/${anonymous.reference}`, { message: "Hej" }),
      context: viktor,
      params: { reference: anonymous.reference },
    } as never);
    expect(statusOf(refused)).toBe(409);
    expect(dataOf<Thread>(refused).error).toBe("no_recipient");
  });

  it("publishes times every week at the same hour across summer time, and cancels a booked one with a notice", async () => {
    const frida = h.staff("frida");
    const published = await slots.action({
      request: h.post("/personal/familjeratt/tider", {
        intent: "publish",
        date: "2027-03-22",
        time: "10:00",
        minutes: "60",
        kind: "samarbetssamtal",
        mode: "digitalt",
        count: "2",
        weeks: "3",
      }),
      context: frida,
      params: {},
    } as never);
    expect((published as Response).headers.get("location")).toBe("/personal/familjeratt/tider?publicerade=6");
    const made = await h.database.db.select().from(bookingSlot).orderBy(bookingSlot.startsAt);
    // Summer time starts on 28 March 2027: the hour stays 10:00 and 11:00 in Stockholm.
    expect(made.map((s) => `${s.startsAt.toISOString().slice(0, 10)} ${localTime(s.startsAt)}`)).toEqual([
      "2027-03-22 10:00",
      "2027-03-22 11:00",
      "2027-03-29 10:00",
      "2027-03-29 11:00",
      "2027-04-05 10:00",
      "2027-04-05 11:00",
    ]);
    expect(made[2]!.startsAt.getTime() - made[0]!.startsAt.getTime()).toBe((7 * 24 - 1) * 3_600_000);
    const tooMany = await slots.action({
      request: h.post("/personal/familjeratt/tider", {
        intent: "publish",
        date: "2027-03-22",
        time: "10:00",
        minutes: "60",
        kind: "samarbetssamtal",
        mode: "digitalt",
        count: "1",
        weeks: "27",
      }),
      context: frida,
      params: {},
    } as never);
    expect(statusOf(tooMany)).toBe(400);
    expect(dataOf<Awaited<ReturnType<typeof slots.loader>>>(tooMany).errors).toEqual({ weeks: "count" });

    // Cecilia's booking of the first time.
    const requester = await h.report({ identified: true });
    const [request] = await h.database.db
      .insert(bookingRequest)
      .values({
        kind: "samarbetssamtal",
        requesterPersonId: h.annaId,
        requesterSubmissionId: requester.submissionId,
        requesterJointOk: false,
        invitationChannel: "letter",
        invitationState: "letter",
      })
      .returning();
    const [booked] = await h.database.db
      .insert(booking)
      .values({
        requestId: request!.id,
        party: "requester",
        personId: h.annaId,
        submissionId: requester.submissionId,
        slotId: made[0]!.id,
      })
      .returning();

    type Page = Awaited<ReturnType<typeof slots.loader>>;
    const asked = await slots.action({
      request: h.post("/personal/familjeratt/tider", { intent: "cancel", slot: made[0]!.id }),
      context: frida,
      params: {},
    } as never);
    expect(dataOf<Page>(asked).confirm).toMatchObject({ slotId: made[0]!.id, references: [requester.reference] });
    const [still] = await h.database.db.select().from(booking).where(eq(booking.id, booked!.id));
    expect(still!.status).toBe("booked");

    const done = await slots.action({
      request: h.post("/personal/familjeratt/tider", { intent: "cancel-confirmed", slot: made[0]!.id }),
      context: frida,
      params: {},
    } as never);
    expect(dataOf<Page>(done).cancelled).toEqual({ outcome: "cancelled", bookings: 1 });
    const [cancelled] = await h.database.db.select().from(booking).where(eq(booking.id, booked!.id));
    expect(cancelled!.status).toBe("cancelled");
    expect(await notices(h, requester.submissionId, "status")).toBe(1);
    const [told] = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, requester.submissionId), eq(submissionEvent.kind, "status")));
    expect(told).toMatchObject({ visibleToPerson: true });
    expect(String(told!.details!.text)).toContain("Familjerätten har avbokat din tid");
    const [unitEvent] = await h.database.db
      .select()
      .from(bookingEvent)
      .where(eq(bookingEvent.kind, "cancelled_by_unit"));
    expect(unitEvent).toMatchObject({ requestId: request!.id, party: "requester" });

    // An unbooked time is cancelled at once; cancelling again is refused.
    const free = await slots.action({
      request: h.post("/personal/familjeratt/tider", { intent: "cancel", slot: made[1]!.id }),
      context: frida,
      params: {},
    } as never);
    expect(dataOf<Page>(free).cancelled).toEqual({ outcome: "cancelled", bookings: 0 });
    const again = await slots.action({
      request: h.post("/personal/familjeratt/tider", { intent: "cancel", slot: made[1]!.id }),
      context: frida,
      params: {},
    } as never);
    expect(statusOf(again)).toBe(409);
    expect(
      (
        await thrown(
          slots.action({
            request: h.post("/personal/familjeratt/tider", { intent: "cancel", slot: "nope" }),
            context: frida,
            params: {},
          } as never),
        )
      ).status,
    ).toBe(404);
  });

  it("lists booked talks and marks a no-show once the talk has begun", async () => {
    const frida = h.staff("frida");
    const requester = await h.report({ identified: true });
    const [request] = await h.database.db
      .insert(bookingRequest)
      .values({
        kind: "samarbetssamtal",
        requesterPersonId: h.annaId,
        requesterSubmissionId: requester.submissionId,
        requesterJointOk: false,
        invitationChannel: "letter",
        invitationState: "letter",
      })
      .returning();
    const slotAt = async (hoursFromNow: number) =>
      (
        await h.database.db
          .insert(bookingSlot)
          .values({
            startsAt: new Date(Date.now() + hoursFromNow * 3_600_000),
            minutes: 60,
            kind: "samarbetssamtal",
            mode: "digitalt",
            createdBy: "t",
          })
          .returning()
      )[0]!;
    const past = await slotAt(-2);
    const future = await slotAt(48);
    const [held] = await h.database.db
      .insert(booking)
      .values({
        requestId: request!.id,
        party: "requester",
        personId: h.annaId,
        submissionId: requester.submissionId,
        slotId: past.id,
      })
      .returning();
    const invitee = await h.report({ identified: true });
    const [later] = await h.database.db
      .insert(booking)
      .values({
        requestId: request!.id,
        party: "invitee",
        personId: h.annaId,
        submissionId: invitee.submissionId,
        slotId: future.id,
      })
      .returning();

    type Page = Awaited<ReturnType<typeof bookings.loader>>;
    const page = dataOf<Page>(
      await bookings.loader({ request: h.get("/personal/familjeratt/bokningar"), context: frida, params: {} } as never),
    );
    expect(page.bookings.map((b) => [b.reference, b.party, b.markable, b.outcome])).toEqual([
      [requester.reference, "requester", true, null],
      [invitee.reference, "invitee", false, null],
    ]);
    const marked = await bookings.action({
      request: h.post("/personal/familjeratt/bokningar", { intent: "no_show", booking: held!.id }),
      context: frida,
      params: {},
    } as never);
    expect((marked as Response).headers.get("location")).toBe("/personal/familjeratt/bokningar?klart=no_show");
    const [attendance] = await h.database.db.select().from(bookingAttendance);
    expect(attendance).toMatchObject({ bookingId: held!.id, outcome: "no_show", markedBy: "staff:frida" });
    const early = await bookings.action({
      request: h.post("/personal/familjeratt/bokningar", { intent: "attended", booking: later!.id }),
      context: frida,
      params: {},
    } as never);
    expect(statusOf(early)).toBe(409);
    const tampered = await bookings.action({
      request: h.post("/personal/familjeratt/bokningar", { intent: "attended", booking: "x" }),
      context: frida,
      params: {},
    } as never);
    expect(statusOf(tampered)).toBe(404);
    const after = dataOf<Page>(
      await bookings.loader({ request: h.get("/personal/familjeratt/bokningar"), context: frida, params: {} } as never),
    );
    expect(after.attendance).toEqual({ attended: 0, noShow: 1 });
  });

  it("creates a robot token shown once, scoped to its queues, and revokes it at once", async () => {
    const alva = h.staff("alva");
    type Page = Awaited<ReturnType<typeof tokens.loader>>;
    const invalid = await tokens.action({
      request: h.post("/personal/robotar", { intent: "create", name: "", queues: ["nope"] }),
      context: alva,
      params: {},
    } as never);
    expect(statusOf(invalid)).toBe(400);
    expect(dataOf<Page>(invalid).errors).toEqual(["name", "queues"]);

    const created = await tokens.action({
      request: h.post("/personal/robotar", {
        intent: "create",
        name: "UiPath prod",
        queues: ["ekonomiskt-bistand", "skyddad"],
      }),
      context: alva,
      params: {},
    } as never);
    const page = dataOf<Page>(created);
    expect(page.created!.token).toMatch(/^ingang_robot_[A-Za-z0-9_-]{43}$/);
    expect((created as { init?: { headers?: Record<string, string> } }).init?.headers).toMatchObject({
      "Cache-Control": "no-store",
    });
    const [row] = await h.database.db.select().from(robotToken).where(eq(robotToken.id, page.created!.id));
    expect(row).toMatchObject({ name: "UiPath prod", queues: ["ekonomiskt-bistand", "skyddad"], revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(page.created!.token);
    // Shown once: the list never carries it.
    const listed = dataOf<Page>(
      await tokens.loader({ request: h.get("/personal/robotar"), context: alva, params: {} } as never),
    );
    expect(listed.created).toBeNull();
    expect(JSON.stringify(listed)).not.toContain(page.created!.token);
    const auth = await authenticateRobot(h.database.db, `Bearer ${page.created!.token}`);
    expect(auth).toMatchObject({ ok: true, robot: { queues: ["ekonomiskt-bistand", "skyddad"] } });

    await tokens.action({
      request: h.post("/personal/robotar", { intent: "revoke", token: page.created!.id }),
      context: alva,
      params: {},
    } as never);
    expect(await authenticateRobot(h.database.db, `Bearer ${page.created!.token}`)).toMatchObject({
      ok: false,
      reason: "revoked",
    });
    const actions = (await h.database.db.select().from(auditEvent).where(eq(auditEvent.actorId, "staff:alva"))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["robot_token_created", "robot_token_revoked"]));
    expect(
      (
        await thrown(
          tokens.action({
            request: h.post("/personal/robotar", { intent: "revoke", token: page.created!.id }),
            context: alva,
            params: {},
          } as never),
        )
      ).status,
    ).toBe(404);
  });

  it("searches the audit log by person, submission, staff member, robot and day, and exports it as CSV", async () => {
    const alva = h.staff("alva");
    const sent = await h.report({ identified: true });
    const other = await h.report();
    const robot = await h.robot(["mottagning-vuxna"]);
    await robot.claim("mottagning-vuxna");
    await audit(h.database.db, {
      actor: { kind: "staff", id: "staff:viktor" },
      action: "test_note",
      details: { note: '=HYPERLINK("x")' },
    });
    // Viktor has logged in: the staff directory names him.
    await recordStaffMember(h.database.db, h.config.secrets.keyring, { subject: "staff:viktor", name: "Viktor Vall" });

    type Page = Awaited<ReturnType<typeof auditLog.loader>>;
    const search = async (query: Record<string, string>) =>
      dataOf<Page>(
        await auditLog.loader({
          request: h.get(`/personal/logg?${new URLSearchParams(query)}`),
          context: alva,
          params: {},
        } as never),
      );

    const byPerson = await search({ person: "19850312-9820" });
    expect(byPerson.errors).toEqual([]);
    expect(byPerson.rows.some((r) => r.action === "submission_created" && r.subjectId === sent.submissionId)).toBe(
      true,
    );
    expect(byPerson.rows.some((r) => r.subjectId === other.submissionId)).toBe(false);

    const bySubmission = await search({ submission: other.reference });
    expect(bySubmission.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["submission_created", "submission_read"]),
    );
    expect(
      bySubmission.rows.every(
        (r) =>
          r.subjectId === other.submissionId ||
          r.details.includes(other.submissionId) ||
          r.subjectKind === "robot_item",
      ),
    ).toBe(true);

    const byRobot = await search({ robot: robot.tokenId });
    expect(byRobot.rows.length).toBeGreaterThan(0);
    expect(byRobot.rows.every((r) => r.actorKind === "robot" && r.actorName === "Testrobot")).toBe(true);

    const byStaff = await search({ staff: "viktor" });
    expect(byStaff.rows.map((r) => [r.action, r.actorName])).toEqual([["test_note", "Viktor Vall"]]);

    // The console's days are the municipality's (Stockholm), not UTC's: from 23:00 UTC they differ.
    const today = localDay(new Date());
    expect((await search({ from: "2000-01-01", to: "2000-01-31" })).rows).toEqual([]);
    expect((await search({ from: today, to: today })).rows.length).toBeGreaterThan(0);
    expect((await search({ person: "123", submission: "nope", from: "2026-13-40" })).errors).toEqual([
      "person",
      "submission",
      "from",
    ]);

    // The searches are audited, naming which filters were used, never the number typed.
    const searched = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "audit_log_searched"));
    expect(searched[0]).toMatchObject({ actorId: "staff:alva", details: { filters: "person", person: h.annaId } });
    expect(JSON.stringify(searched)).not.toContain(ANNA);

    const response = (await auditCsv.loader({
      request: h.get("/personal/logg/csv?staff=viktor"),
      context: alva,
      params: {},
    } as never)) as Response;
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = Buffer.from(await response.arrayBuffer())
      .subarray(3)
      .toString("utf8");
    // Swedish Excel by default: semicolons, Swedish headings, the codes kept.
    const [header, line] = text.trim().split("\r\n");
    expect(header).toBe(
      "Id;Tidpunkt;Aktörstyp (kod);Aktörens id;Aktörens namn;Händelse;Händelse (kod);Gäller typ (kod);Gäller id;IP-adress;Detaljer",
    );
    // The name from the staff directory; an action without a label shows its code in the label column too.
    expect(line).toContain(";staff;staff:viktor;Viktor Vall;test_note;test_note;;;;");
    // Quotes are doubled inside a quoted cell (formula defusing is in tests/unit/staff-figures.test.ts).
    expect(line!.endsWith('"note==HYPERLINK(""x"")"')).toBe(true);
    const forPrograms = (await auditCsv.loader({
      request: h.get("/personal/logg/csv?staff=viktor&format=rfc4180"),
      context: alva,
      params: {},
    } as never)) as Response;
    const [machineHeader, machineLine] = Buffer.from(await forPrograms.arrayBuffer())
      .subarray(3)
      .toString("utf8")
      .trim()
      .split("\r\n");
    expect(machineHeader).toBe(
      "id,at,actor_kind,actor_id,actor_name,action_label,action,subject_kind,subject_id,ip,details",
    );
    expect(machineLine).toContain(",staff,staff:viktor,Viktor Vall,test_note,test_note,,,,");

    // Known actions get their label in the console's language (Swedish here), beside the code.
    const searches = (await auditCsv.loader({
      request: h.get("/personal/logg/csv?staff=alva"),
      context: alva,
      params: {},
    } as never)) as Response;
    const searchLines = Buffer.from(await searches.arrayBuffer())
      .subarray(3)
      .toString("utf8")
      .trim()
      .split("\r\n");
    expect(searchLines.some((l) => l.includes(";staff;staff:alva;;Sökte i loggen;audit_log_searched;"))).toBe(true);
    const [exported] = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "audit_log_exported"));
    expect(exported).toMatchObject({ actorId: "staff:alva", details: { filters: "staff", rows: 1 } });
  });
});
