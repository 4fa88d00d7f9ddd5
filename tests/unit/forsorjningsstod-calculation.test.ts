import { afterEach, describe, expect, it } from "vitest";
import type { Provberakning } from "~/e-services/forsorjningsstod/calculation";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { installRiksnormTables, riksnormTable } from "~/e-services/forsorjningsstod/riksnorm-tables";
import type { AnswersSoFar } from "~/intake/fields";
import { answersToSend } from "~/intake/journey";
import { fill, household, journeyFor } from "../support/forsorjningsstod-answers";

/**
 * The e-service's `computed`: the provberäkning for the month applied for. The month field only
 * offers months around today, so a month of 2019 is set on filled-in answers directly, as a
 * robot or a test can; the arithmetic itself is tested in provberakning.test.ts.
 */
const today = new Date(Date.UTC(2026, 10, 27, 9));
const journey = journeyFor(today);

async function computedFor(month: string, filled = household(today)) {
  const answers: AnswersSoFar = { ...(await fill(filled, journey)), manad: { month } };
  return forsorjningsstod.computed!(
    answersToSend(forsorjningsstod, answers, journey),
    journey,
  ) as unknown as Provberakning;
}

afterEach(() => installRiksnormTables([]));

describe("the preliminary calculation of an application", () => {
  it("counts an 18-year-old who has left school as an adult, and one at upper-secondary school as a child", async () => {
    // Set on the answers directly (as in the 2019 case below): the child step only takes ages up to 20 today.
    const withTeen = async (school: "ja" | "nej") => {
      const answers: AnswersSoFar = {
        ...(await fill(household(today), journey)),
        manad: { month: "2019-03" },
        barn: { items: [{ name: "Tove", birthDate: "2000-12-01", livesWithYou: "ja", lunch: "nej", school }] },
      };
      return forsorjningsstod.computed!(
        answersToSend(forsorjningsstod, answers, journey),
        journey,
      ) as unknown as Provberakning;
    };
    const left = await withTeen("nej");
    expect(left.leftOut).toMatchObject({ childrenCountedAsAdults: 1 });
    if (!left.result.ok) throw new Error(JSON.stringify(left.result));
    expect(JSON.stringify(left.result)).not.toContain("personal.child_15-18");
    const atSchool = await withTeen("ja");
    expect(atSchool.leftOut).toMatchObject({ childrenCountedAsAdults: 0 });
    expect(JSON.stringify(atSchool.result)).toContain("personal.child_15-18");
  });

  it("computes March 2019 for a couple with a 3-year-old at preschool, from the official 2019 table", async () => {
    // Ella is born in April 2021 in the fixture; in March 2019 she is not born yet. Use a child born 2016.
    const filled = household(today, {
      barn: [
        {
          name: "Ella",
          "birthDate-day": "3",
          "birthDate-month": "4",
          "birthDate-year": "2016",
          livesWithYou: "ja",
          lunch: "ja",
        },
        {
          name: "Olle",
          "birthDate-day": "9",
          "birthDate-month": "1",
          "birthDate-year": "2010",
          livesWithYou: "ja",
          lunch: "ja",
        },
        {
          name: "Siri",
          "birthDate-day": "9",
          "birthDate-month": "1",
          "birthDate-year": "2012",
          livesWithYou: "vaxelvis",
          daysPerMonth: "15",
          lunch: "ja",
        },
      ],
    });
    const { result, month, leftOut } = await computedFor("2019-03", filled);
    expect(month).toBe("2019-03");
    expect(leftOut).toEqual({ childrenLivingPartly: 1, childrenCountedAsAdults: 0, childrenBornAfterTheMonth: 0 });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.nature).toBe("preliminary_estimate");
    expect(result.table.year).toBe(2019);
    expect(result.table.source.provision).toBe("2 kap. 1 § socialtjänstförordningen (2001:937)");
    // Couple 5 570; Ella is 2 in March 2019 (1–2, lunch at preschool) 2 190; Olle is 9 (7–10) 2 990;
    // shared costs for 4 persons 1 570.
    expect(result.norm.items.map((i) => [i.code, i.amount])).toEqual([
      ["personal.adults_cohabiting_couple", 5570],
      ["personal.child_1-2_without_lunch", 2190],
      ["personal.child_7-10", 2990],
      ["shared.household", 1570],
    ]);
    expect(result.norm.total).toBe(12_320);
    expect(result.reasonableCosts).toEqual({
      items: [
        { code: "rent", amount: 7200 },
        { code: "household_electricity", amount: 350 },
        { code: "home_insurance", amount: 120 },
      ],
      total: 7670,
    });
    expect(result.incomes).toEqual({
      items: [
        { code: "salary", amount: 9800 },
        { code: "child_allowance", amount: 1250 },
      ],
      total: 11_050,
    });
    expect(result.needs).toBe(19_990);
    expect(result.outcome).toEqual({ kind: "shortfall", amount: 8940 });
    expect(result.preliminaryAmount).toBe(8940);
  });

  it("computes a single adult with no home and no income as the bare norm", async () => {
    const filled = household(today, {
      hushall: { partner: "nej", children: "nej", otherAdults: "nej" },
      boende: { housing: "saknar-bostad" },
      inkomster: { applicant: ["none"] },
      kostnader: { costs: ["none"] },
    });
    const { result } = await computedFor("2019-05", filled);
    expect(result).toMatchObject({ ok: true, needs: 4080, preliminaryAmount: 4080, outcome: { kind: "shortfall" } });
  });

  it("counts other adults towards the household's size and what they pay as income", async () => {
    const filled = household(today, {
      hushall: { partner: "nej", children: "nej", otherAdults: "ja" },
      "andra-vuxna": [{ name: "Kim", relation: "inneboende", pays: "2000" }],
      "boende-kostnad": { rent: "6000", contractSingle: "jag" },
      inkomster: { applicant: ["none"] },
      kostnader: { costs: ["none"] },
    });
    const { result } = await computedFor("2019-05", filled);
    if (!result.ok) throw new Error(JSON.stringify(result));
    // The lodger rule: 3 090 + 1 100 ÷ 2.
    expect(result.norm.total).toBe(3090 + 550);
    expect(result.incomes.items).toEqual([{ code: "other", amount: 2000 }]);
  });

  it("says there is no table for a year without one, instead of using another year's", async () => {
    expect(riksnormTable(2026)).toBeUndefined();
    const calculation = await computedFor("2026-11");
    expect(calculation.month).toBe("2026-11");
    expect(calculation.result).toEqual({ ok: false, reason: "no_table_for_year", year: 2026 });
    expect(JSON.parse(JSON.stringify(calculation))).toEqual(calculation);
  });

  it("uses a table configured through RIKSNORM_FILE as soon as it is installed", async () => {
    const base = riksnormTable(2021)!;
    installRiksnormTables([{ ...base, year: 2026, source: { ...base.source, note: "test" } }]);
    const { result } = await computedFor("2026-11");
    expect(result).toMatchObject({ ok: true, table: { year: 2026 } });
  });
});
