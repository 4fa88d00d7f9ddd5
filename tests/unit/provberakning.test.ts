import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  INCOME_CODES,
  preliminaryCalculation,
  REASONABLE_COST_CODES,
  type PreliminaryInput,
  type PreliminaryResult,
} from "~/e-services/forsorjningsstod/provberakning";
import type { Household } from "~/e-services/forsorjningsstod/riksnorm";
import { riksnormTable } from "~/e-services/forsorjningsstod/riksnorm-tables";

function ok(result: PreliminaryResult) {
  if (!result.ok) throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result;
}

const single: Household = { applicants: "single", children: [] };
const family: Household = {
  applicants: "cohabiting_couple",
  children: [
    { age: 4, eatsLunchAtSchoolOrPreschool: true },
    { age: 9, eatsLunchAtSchoolOrPreschool: true },
  ],
};

describe("preliminaryCalculation (2019 table)", () => {
  it("a single adult with rent and a-kassa: norm + costs − incomes", () => {
    const result = ok(
      preliminaryCalculation({
        household: single,
        year: 2019,
        reasonableCosts: [
          { code: "rent", amount: 5000 },
          { code: "household_electricity", amount: 300 },
          { code: "home_insurance", amount: 150 },
          { code: "union_and_unemployment_fund_fees", amount: 420 },
        ],
        incomes: [{ code: "unemployment_benefit", amount: 6000 }],
      }),
    );
    expect(result.nature).toBe("preliminary_estimate");
    expect(result.norm.total).toBe(4080);
    expect(result.reasonableCosts.total).toBe(5870);
    expect(result.needs).toBe(9950);
    expect(result.incomes.total).toBe(6000);
    expect(result.outcome).toEqual({ kind: "shortfall", amount: 3950 });
    expect(result.preliminaryAmount).toBe(3950);
    expect(result.table.year).toBe(2019);
    expect(result.table.source.provision).toBe("2 kap. 1 § socialtjänstförordningen (2001:937)");
  });

  it("a couple with two children: every cost kind and several incomes, same codes summed", () => {
    const result = ok(
      preliminaryCalculation({
        household: family,
        year: 2019,
        reasonableCosts: [
          { code: "rent", amount: 8500 },
          { code: "household_electricity", amount: 600 },
          { code: "home_insurance", amount: 200 },
          { code: "work_travel", amount: 830 },
          { code: "union_and_unemployment_fund_fees", amount: 500 },
          { code: "doctor", amount: 200 },
          { code: "prescribed_medicine", amount: 150 },
          { code: "acute_dental_care", amount: 1200 },
          { code: "childcare_fee", amount: 1300 },
          { code: "other", amount: 900 },
        ],
        incomes: [
          { code: "salary", amount: 9000 },
          { code: "salary", amount: 4000 },
          { code: "child_allowance", amount: 2500 },
          { code: "housing_allowance", amount: 1800 },
        ],
      }),
    );
    expect(result.norm.total).toBe(12250); // 5 570 + 2 120 + 2 990 + 1 570
    expect(result.norm.personsInApplication).toBe(4);
    expect(result.reasonableCosts.total).toBe(14380);
    expect(result.needs).toBe(26630);
    expect(result.incomes.total).toBe(17300);
    expect(result.outcome).toEqual({ kind: "shortfall", amount: 9330 });
    expect(result.preliminaryAmount).toBe(9330);
    expect(result.reasonableCosts.items).toHaveLength(10);
  });

  it("incomes above the norm and costs: 0, and the excess reported", () => {
    const result = ok(
      preliminaryCalculation({
        household: single,
        year: 2019,
        reasonableCosts: [{ code: "rent", amount: 4000 }],
        incomes: [{ code: "salary", amount: 12000 }],
      }),
    );
    expect(result.needs).toBe(8080);
    expect(result.outcome).toEqual({ kind: "excess", amount: 3920 });
    expect(result.preliminaryAmount).toBe(0);
  });

  it("incomes exactly equal to needs: balanced, 0", () => {
    const result = ok(
      preliminaryCalculation({
        household: single,
        year: 2019,
        reasonableCosts: [],
        incomes: [{ code: "pension", amount: 4080 }],
      }),
    );
    expect(result.outcome).toEqual({ kind: "balanced", amount: 0 });
    expect(result.preliminaryAmount).toBe(0);
  });

  it("no costs and no incomes: the norm itself", () => {
    expect(
      ok(preliminaryCalculation({ household: family, year: 2019, reasonableCosts: [], incomes: [] })).preliminaryAmount,
    ).toBe(12250);
  });

  it("a lodger's estimate uses their share of the shared costs", () => {
    const result = ok(
      preliminaryCalculation({
        household: { applicants: "single", children: [], othersInHousehold: 4 },
        year: 2019,
        reasonableCosts: [{ code: "rent", amount: 2500 }],
        incomes: [],
      }),
    );
    expect(result.norm.total).toBe(3090 + 362);
    expect(result.preliminaryAmount).toBe(3090 + 362 + 2500);
  });

  it("is plain data the robot can take as JSON", () => {
    const result = preliminaryCalculation({
      household: family,
      year: 2019,
      reasonableCosts: [{ code: "rent", amount: 7000 }],
      incomes: [],
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("always pays max(0, needs − incomes) and reports the rest as excess", () => {
    const amounts = (codes: readonly string[]) =>
      fc.array(fc.record({ code: fc.constantFrom(...codes), amount: fc.integer({ min: 0, max: 50_000 }) }), {
        maxLength: 12,
      });
    fc.assert(
      fc.property(amounts(REASONABLE_COST_CODES), amounts(INCOME_CODES), (costs, incomes) => {
        const result = ok(
          preliminaryCalculation({
            household: family,
            year: 2019,
            reasonableCosts: costs,
            incomes,
          } as PreliminaryInput),
        );
        const balance = 12250 + costs.reduce((s, c) => s + c.amount, 0) - incomes.reduce((s, c) => s + c.amount, 0);
        expect(result.preliminaryAmount).toBe(Math.max(0, balance));
        expect(Number.isInteger(result.preliminaryAmount)).toBe(true);
        const signed = result.outcome.kind === "excess" ? -result.outcome.amount : result.outcome.amount;
        expect(signed).toBe(balance);
      }),
    );
  });
});

describe("what preliminaryCalculation refuses", () => {
  const base: PreliminaryInput = { household: single, year: 2019, reasonableCosts: [], incomes: [] };

  it("a year without a riksnorm table, without falling back to another year", () => {
    expect(preliminaryCalculation({ ...base, year: 1990 })).toEqual({
      ok: false,
      reason: "no_table_for_year",
      year: 1990,
    });
    if (!riksnormTable(2026)) {
      expect(preliminaryCalculation({ ...base, year: 2026 })).toEqual({
        ok: false,
        reason: "no_table_for_year",
        year: 2026,
      });
    }
  });

  it("amounts that are not whole kronor, 0 or more", () => {
    for (const amount of [-1, 12.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(preliminaryCalculation({ ...base, reasonableCosts: [{ code: "rent", amount }] })).toEqual({
        ok: false,
        reason: "invalid_amount",
        list: "reasonableCosts",
        index: 0,
      });
    }
    expect(
      preliminaryCalculation({
        ...base,
        incomes: [
          { code: "salary", amount: 100 },
          { code: "salary", amount: 99.99 },
        ],
      }),
    ).toEqual({ ok: false, reason: "invalid_amount", list: "incomes", index: 1 });
  });

  it("codes it does not know", () => {
    expect(preliminaryCalculation({ ...base, reasonableCosts: [{ code: "car" as never, amount: 100 }] })).toEqual({
      ok: false,
      reason: "unknown_code",
      list: "reasonableCosts",
      index: 0,
      code: "car",
    });
    expect(preliminaryCalculation({ ...base, incomes: [{ code: "rent" as never, amount: 100 }] })).toMatchObject({
      reason: "unknown_code",
      list: "incomes",
    });
  });

  it("a household the table cannot describe", () => {
    const household = {
      applicants: "single",
      children: [{ age: 22, eatsLunchAtSchoolOrPreschool: false }],
    } as unknown as Household;
    expect(preliminaryCalculation({ ...base, household })).toMatchObject({ ok: false, reason: "invalid_household" });
  });
});
