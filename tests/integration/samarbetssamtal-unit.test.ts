import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvent, bookingSlot, robotItem, submission, unitItem } from "#db/schema";
import { samarbetssamtal } from "~/e-services/samarbetssamtal/definition.server";
import { localDay, localTime } from "~/municipality/time";
import type { AnswersSoFar } from "~/intake/fields";
import { newsOnUnitList } from "~/intake/unit-list.server";
import * as unitItemRoute from "~/routes/personal._konsol.familjeratt.forfragningar.$reference";
import * as unitListRoute from "~/routes/personal._konsol.familjeratt.forfragningar._index";
import * as slots from "~/e-services/samarbetssamtal/routes/staff-slots";
import { describeEachDatabase } from "../support/databases";
import { ANNA, startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;
const statusOf = (value: unknown) =>
  value instanceof Response ? value.status : ((value as { init?: { status?: number } }).init?.status ?? 200);

/** A parent asking for cooperation talks without booking a time, with what the unit needs to know. */
const request: AnswersSoFar = {
  samtal: { kind: "samarbetssamtal", role: "begaran" },
  barn: { items: [{ name: "Alva", age: 7 }] },
  familj: { court: "ja", custody: "gemensam", questions: ["boende", "umgange"], childrenKnow: "nej" },
  "annan-foralder": { name: "David Dahl" },
  trygghet: { safe: "nej" },
  skydd: { protected: "nej" },
  tolk: { interpreter: "nej" },
  motesform: { mode: "fysiskt" },
  kontakt: { phone: "070-111 11 11" },
  tid: { choice: "ingen" },
};

describeEachDatabase("samarbetssamtal: the unit's own list and a normal week", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  const send = (unitList: boolean) => h.send(samarbetssamtal, request, { personId: h.annaId, pnr: ANNA, unitList });
  const list = async (who: string) =>
    dataOf<Awaited<ReturnType<typeof unitListRoute.loader>>>(
      await unitListRoute.loader({
        request: h.get("/personal/familjeratt/forfragningar"),
        context: h.staff(who),
        params: {},
      } as never),
    );

  it("sends a request to the robot queue by default, and to the unit's own list when the municipality keeps it out of the case system", async () => {
    const toRobot = await send(false);
    const toUnit = await send(true);
    // The robot route: a queue item, nothing on the list.
    expect(toRobot.itemId).not.toBeNull();
    expect(await h.database.db.select().from(unitItem).where(eq(unitItem.submissionId, toRobot.submissionId))).toEqual(
      [],
    );
    // The unit's route: no queue item and no pg-boss job the robot could claim; a row on the list.
    expect(toUnit.itemId).toBeNull();
    expect(await h.database.db.select().from(robotItem).where(eq(robotItem.submissionId, toUnit.submissionId))).toEqual(
      [],
    );
    const robot = await h.robot(["familjeratt"]);
    expect(await robot.claim("familjeratt")).toEqual([toRobot.itemId]);

    // The family-law unit sees it; staff of other units do not, and staff without the role are refused.
    expect((await list("frida")).items).toMatchObject([{ reference: toUnit.reference, handledAt: null, news: false }]);
    expect((await list("rasmus")).items).toEqual([]);
    expect(
      (
        await thrown(
          unitListRoute.loader({
            request: h.get("/personal/familjeratt/forfragningar"),
            context: h.staff("sara"),
            params: {},
          } as never),
        )
      ).status,
    ).toBe(403);

    // Opening it shows the answers, including what the unit needs to know, and is audited.
    const url = `/personal/familjeratt/forfragningar/${toUnit.reference}`;
    const page = dataOf<Awaited<ReturnType<typeof unitItemRoute.loader>>>(
      await unitItemRoute.loader({
        request: h.get(url),
        context: h.staff("frida"),
        params: { reference: toUnit.reference },
      } as never),
    );
    expect(page.sender).toMatchObject({ name: "Anna Andersson", personnummer: ANNA });
    const familj = page.sections.find((s) => s.stepId === "familj")!.groups[0]!;
    expect(Object.fromEntries(familj.map((r) => [r.fieldId, r.value]))).toEqual({
      court: "ja",
      custody: "gemensam",
      questions: ["boende", "umgange"],
      childrenKnow: "nej",
    });
    const reads = await h.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "submission_read"), eq(auditEvent.subjectId, toUnit.submissionId)));
    expect(reads.map((r) => (r.details as { purpose: string }).purpose)).toEqual(["unit_list"]);
    // Another unit's staff get a 404, as for a reference that does not exist.
    expect(
      (
        await thrown(
          unitItemRoute.loader({
            request: h.get(url),
            context: h.staff("rasmus"),
            params: { reference: toUnit.reference },
          } as never),
        )
      ).status,
    ).toBe(404);

    // Marked handled: audited, off the open list, retention counted from now.
    const handled = await unitItemRoute.action({
      request: h.post(url, { intent: "handled" }),
      context: h.staff("frida"),
      params: { reference: toUnit.reference },
    } as never);
    expect((handled as Response).headers.get("location")).toBe(
      `/personal/familjeratt/forfragningar?hanterad=${toUnit.reference}`,
    );
    expect((await list("frida")).items).toMatchObject([{ reference: toUnit.reference, news: false }]);
    expect((await list("frida")).items[0]!.handledAt).not.toBeNull();
    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, toUnit.submissionId));
    expect(row!.retainUntil!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(
      await h.database.db
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.action, "unit_item_handled"), eq(auditEvent.subjectId, toUnit.submissionId))),
    ).toHaveLength(1);

    // News from the parent reopens it on the list; the robot still gets nothing.
    expect(await h.database.db.transaction((tx) => newsOnUnitList(tx, toUnit.submissionId))).toBe(true);
    expect(await h.database.db.transaction((tx) => newsOnUnitList(tx, toRobot.submissionId))).toBe(false);
    expect((await list("frida")).items).toMatchObject([{ reference: toUnit.reference, handledAt: null, news: true }]);
    expect(await h.database.db.select().from(robotItem).where(eq(robotItem.submissionId, toUnit.submissionId))).toEqual(
      [],
    );
  });

  it("publishes a normal week in one post: weekdays, hours with a lunch break, one room, over a date range", async () => {
    const frida = h.staff("frida");
    const week = {
      intent: "publish-week",
      from: "2027-03-22",
      to: "2027-04-02",
      weekdays: ["1", "3"],
      dayStart: "09:00",
      dayEnd: "16:00",
      breakStart: "12:00",
      breakEnd: "13:00",
      minutes: "90",
      kind: "samarbetssamtal",
      mode: "fysiskt",
      location: "Storgatan 1, rum 3",
    };
    const published = await slots.action({
      request: h.post("/personal/familjeratt/tider", week),
      context: frida,
      params: {},
    } as never);
    // Mondays and Wednesdays of two weeks, four talks a day: 09:00, 10:30, then after lunch 13:00, 14:30.
    expect((published as Response).headers.get("location")).toBe("/personal/familjeratt/tider?publicerade=16");
    const made = await h.database.db.select().from(bookingSlot).orderBy(bookingSlot.startsAt);
    expect([...new Set(made.map((s) => localDay(s.startsAt)))]).toEqual([
      "2027-03-22",
      "2027-03-24",
      "2027-03-29",
      "2027-03-31",
    ]);
    // Summer time begins on 28 March 2027: the hours stay the same in Stockholm.
    for (const day of ["2027-03-22", "2027-03-31"])
      expect(made.filter((s) => localDay(s.startsAt) === day).map((s) => localTime(s.startsAt))).toEqual([
        "09:00",
        "10:30",
        "13:00",
        "14:30",
      ]);
    expect(new Set(made.map((s) => s.location))).toEqual(new Set(["Storgatan 1, rum 3"]));
    expect(made.every((s) => s.minutes === 90 && s.mode === "fysiskt")).toBe(true);

    // A bad post changes nothing and says why, field by field.
    const refused = await slots.action({
      request: h.post("/personal/familjeratt/tider", {
        ...week,
        weekdays: [],
        dayEnd: "08:00",
        location: "",
      }),
      context: frida,
      params: {},
    } as never);
    expect(statusOf(refused)).toBe(400);
    expect(dataOf<Awaited<ReturnType<typeof slots.loader>>>(refused).week!.errors).toEqual({
      weekdays: "required",
      dayEnd: "order",
      location: "required",
    });
    expect(await h.database.db.select().from(bookingSlot)).toHaveLength(16);
  });
});
