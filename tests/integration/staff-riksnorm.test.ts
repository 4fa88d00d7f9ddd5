import { eq, like } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvent, riksnormYear } from "#db/schema";
import type { Provberakning } from "~/e-services/forsorjningsstod/calculation";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { fieldsOf } from "~/e-services/forsorjningsstod/riksnorm-entry";
import { parseRiksnormTables } from "~/e-services/forsorjningsstod/riksnorm-file.server";
import { refreshPublishedRiksnorm } from "~/e-services/forsorjningsstod/riksnorm-store.server";
import {
  installPublishedRiksnormTables,
  installRiksnormTables,
  riksnormTable,
} from "~/e-services/forsorjningsstod/riksnorm-tables";
import type { AnswersSoFar } from "~/intake/fields";
import { answersToSend } from "~/intake/journey";
import * as riksnormIndex from "~/e-services/forsorjningsstod/routes/staff-riksnorm";
import * as riksnormYearRoute from "~/e-services/forsorjningsstod/routes/staff-riksnorm-year";
import type { RiksnormYearData } from "~/e-services/forsorjningsstod/staff/riksnorm-pages.server";
import { describeEachDatabase } from "../support/databases";
import { fill, household, journeyFor } from "../support/forsorjningsstod-answers";
import fixture from "../support/riksnorm-2026-fixture.json";
import { startStaffHarness, statusOf, type StaffHarness } from "../support/staff-harness";

/**
 * The riksnorm kept by the municipality: an administrator types a year's table in the staff
 * console, the console checks it against the announced totals, and once published the estimate
 * uses it exactly as it would the same table from RIKSNORM_FILE.
 */

const fromFile = (() => {
  const parsed = parseRiksnormTables(fixture);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.tables;
})();

// Made-up 2026 figures whose totals are the announced 5 220 and 8 510 (see the fixture's note).
const typed2026 = {
  ...fieldsOf(fromFile[0]!),
  announcedSingle: "5 220",
  announcedCouple: "8 510",
  announcedBy: "Regeringen (testtabell)",
  announcedOn: "2025-11-20",
  sourceUrl: "https://www.regeringen.se/",
};

const today = new Date(Date.UTC(2026, 10, 27, 9));
const journey = journeyFor(today);

async function estimateFor(month: string) {
  const answers: AnswersSoFar = { ...(await fill(household(today), journey)), manad: { month } };
  return (
    forsorjningsstod.computed!(answersToSend(forsorjningsstod, answers, journey), journey) as unknown as Provberakning
  ).result;
}

type YearData = RiksnormYearData;
const dataOf = (value: unknown) => ((value as { data?: YearData }).data ?? value) as YearData;

describeEachDatabase("the riksnorm kept in the staff console", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(async () => {
    installPublishedRiksnormTables([]);
    installRiksnormTables([]);
    await h?.close();
  });

  const post = (year: string, form: Record<string, string>, who = "alva") =>
    riksnormYearRoute.action({
      request: h.post(`/personal/riksnorm/${year}`, form),
      context: h.staff(who),
      params: { year },
    } as never);
  const load = (year: string, who = "alva", query = "") =>
    riksnormYearRoute.loader({
      request: h.get(`/personal/riksnorm/${year}${query}`),
      context: h.staff(who),
      params: { year },
    } as never) as Promise<YearData>;
  const audited = (action: string) => h.database.db.select().from(auditEvent).where(eq(auditEvent.action, action));

  it("is for the administrator only", async () => {
    for (const who of ["sara", "elin"]) {
      expect(
        await statusOf(() =>
          riksnormIndex.loader({ request: h.get("/personal/riksnorm"), context: h.staff(who), params: {} } as never),
        ),
      ).toBe(403);
      expect(await statusOf(() => load("2026", who))).toBe(403);
      expect(await statusOf(() => post("2026", { intent: "publish", ...typed2026 }, who))).toBe(403);
    }
    expect(await h.database.db.select().from(riksnormYear)).toEqual([]);
    expect(await statusOf(() => load("1999"))).toBe(404);
    expect(await statusOf(() => load("20x6"))).toBe(404);
  });

  it("gives, once published, the same estimate as the same table loaded from a file", async () => {
    expect(await estimateFor("2026-11")).toEqual({ ok: false, reason: "no_table_for_year", year: 2026 });
    const june2026 = new Date(Date.UTC(2026, 5, 15));
    expect(forsorjningsstod.estimateOffered!(june2026)).toBe(false);

    // A new year starts from the previous year's figures, shown beside it.
    const fresh = await load("2026");
    expect(fresh).toMatchObject({ year: 2026, inUse: null, stored: null, prefilledFrom: 2021 });
    expect(fresh.previous).toMatchObject({ year: 2021, single: 3160 + 1020, couple: 5700 + 1130 });
    expect(fresh.values["adults.single"]).toBe("3160");

    // A draft is stored but not used.
    const draft = await post("2026", { intent: "draft", ...typed2026 });
    expect((draft as Response).status).toBe(303);
    expect((draft as Response).headers.get("location")).toBe("/personal/riksnorm/2026?sparat=utkast");
    expect(await estimateFor("2026-11")).toMatchObject({ ok: false, reason: "no_table_for_year" });
    expect(forsorjningsstod.estimateOffered!(june2026)).toBe(false);

    const published = await post("2026", { intent: "publish", ...typed2026 });
    expect((published as Response).headers.get("location")).toBe("/personal/riksnorm/2026?sparat=publicerat");
    const [row] = await h.database.db.select().from(riksnormYear);
    expect(row).toMatchObject({ year: 2026, status: "published", announcedSingle: 5220, announcedCouple: 8510 });
    expect(row!.publishedBy).toBe("staff:alva");
    expect(forsorjningsstod.estimateOffered!(june2026)).toBe(true);
    const fromConsole = await estimateFor("2026-11");
    expect(fromConsole).toMatchObject({ ok: true, table: { year: 2026 } });

    // Every save audited, with who and the totals.
    expect(await audited("riksnorm_draft_saved")).toMatchObject([
      { actorId: "staff:alva", subjectKind: "riksnorm_year", subjectId: "2026", details: { previousStatus: null } },
    ]);
    expect(await audited("riksnorm_published")).toMatchObject([
      { actorId: "staff:alva", details: { announcedSingle: 5220, announcedCouple: 8510, previousStatus: "draft" } },
    ]);

    // The same table from RIKSNORM_FILE, without the console's: the same estimate, source aside.
    installPublishedRiksnormTables([]);
    installRiksnormTables(fromFile);
    const fromTheFile = await estimateFor("2026-11");
    expect(fromTheFile.ok && fromConsole.ok).toBe(true);
    const { table: _a, ...consoleFigures } = fromConsole as Extract<typeof fromConsole, { ok: true }>;
    const { table: _b, ...fileFigures } = fromTheFile as Extract<typeof fromTheFile, { ok: true }>;
    expect(consoleFigures).toEqual(fileFigures);
    expect(consoleFigures.preliminaryAmount).toBeGreaterThan(0);

    // Another process of the portal reads the published table from the database.
    installRiksnormTables([]);
    expect(riksnormTable(2026)).toBeUndefined();
    await refreshPublishedRiksnorm(h.database.db);
    expect(riksnormTable(2026)?.source.readFrom[0]).toMatchObject({ publisher: "Regeringen (testtabell)" });

    // The page shows it as published, and the year in the list.
    expect(await load("2026", "alva", "?sparat=publicerat")).toMatchObject({
      inUse: "published",
      saved: "published",
      stored: { status: "published" },
    });
    const index = await riksnormIndex.loader({
      request: h.get("/personal/riksnorm"),
      context: h.staff("alva"),
      params: {},
    } as never);
    expect((index as { years: unknown[] }).years).toEqual([
      { year: 2026, inUse: { origin: "published", single: 5220, couple: 8510 }, draft: false },
      { year: 2021, inUse: { origin: "shipped", single: 4180, couple: 6830 }, draft: false },
      { year: 2019, inUse: { origin: "shipped", single: 4080, couple: 6670 }, draft: false },
    ]);
  });

  it("refuses a mistyped table, naming the difference, and stores nothing", async () => {
    const refused = await post("2026", { intent: "publish", ...typed2026, "adults.single": "3970" });
    expect(await statusOf(() => refused)).toBe(400);
    const page = dataOf(refused);
    expect(page.problems).toEqual({
      announcedSingle: { code: "total_differs", computed: 5230, announced: 5220, difference: 10 },
    });
    // What was typed comes back to be corrected, with the difference to the previous year.
    expect(page.values["adults.single"]).toBe("3970");
    expect(await h.database.db.select().from(riksnormYear)).toEqual([]);
    expect(riksnormTable(2026)).toBeUndefined();
    expect(await audited("riksnorm_publish_refused")).toMatchObject([
      { actorId: "staff:alva", subjectId: "2026", details: { announcedSingle: "total_differs" } },
    ]);
    // Nothing of what was typed is in the audit log beyond the problem codes.
    expect(await h.database.db.select().from(auditEvent).where(like(auditEvent.action, "riksnorm%"))).toHaveLength(1);
  });

  it("corrects a published year only by publishing again, never by saving a draft over it", async () => {
    await post("2026", { intent: "publish", ...typed2026 });
    const draft = await post("2026", { intent: "draft", ...typed2026, "children.0": "2760" });
    expect(await statusOf(() => draft)).toBe(400);
    expect(dataOf(draft).alreadyPublished).toBe(true);
    expect(riksnormTable(2026)?.children["0"]).toBe(2750);
    // A shipped year keeps its verified figures.
    const shipped = await post("2021", { intent: "publish", ...typed2026 });
    expect(dataOf(shipped).problems).toEqual({ year: { code: "shipped_year_differs" } });
    expect(await statusOf(() => post("2026", { intent: "delete" }))).toBe(400);
  });
});
