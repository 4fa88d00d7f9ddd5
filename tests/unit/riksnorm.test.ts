import { afterEach, describe, expect, it } from "vitest";
import { parseRiksnormTables } from "~/e-services/forsorjningsstod/riksnorm-file.server";
import {
  ageInMonth,
  childBand,
  childInMonth,
  lodgerNorm,
  normFor,
  type Child,
  type Household,
  type NormResult,
} from "~/e-services/forsorjningsstod/riksnorm";
import {
  CHILD_BANDS,
  LUNCH_BANDS,
  installRiksnormTables,
  RIKSNORM_TABLES,
  riksnormTable,
} from "~/e-services/forsorjningsstod/riksnorm-tables";

function ok(result: NormResult) {
  if (!result.ok) throw new Error(`expected a norm, got ${JSON.stringify(result)}`);
  return result;
}

const single: Household = { applicants: "single", children: [] };
const couple: Household = { applicants: "cohabiting_couple", children: [] };

describe("the riksnorm tables", () => {
  it("holds the official 2019 table exactly", () => {
    const t = riksnormTable(2019)!;
    expect(CHILD_BANDS.map((b) => t.children[b])).toEqual([2130, 2380, 2120, 2380, 2990, 3440, 3880, 3910]);
    expect(LUNCH_BANDS.map((b) => t.childrenWithoutLunch[b])).toEqual([2000, 2190, 1940, 2120]);
    expect(t.adults).toEqual({ single: 3090, cohabitingCouple: 5570 });
    expect(t.sharedCosts).toEqual([990, 1100, 1380, 1570, 1810, 2050, 2220]);
    expect(t.sharedCostsPerPersonAbove7).toBe(170);
  });

  it.each(RIKSNORM_TABLES.map((t) => [t.year, t] as const))(
    "%i: is whole kronor, consistent and sourced",
    (_year, t) => {
      const amounts = [
        ...Object.values(t.children),
        ...Object.values(t.childrenWithoutLunch),
        t.adults.single,
        t.adults.cohabitingCouple,
        ...t.sharedCosts,
        t.sharedCostsPerPersonAbove7,
      ];
      for (const amount of amounts) expect(Number.isInteger(amount) && amount > 0).toBe(true);
      // "Without lunch" (lunch at preschool) is always the lower amount.
      for (const band of LUNCH_BANDS) expect(t.childrenWithoutLunch[band]).toBeLessThan(t.children[band]);
      for (let i = 1; i < 7; i++) expect(t.sharedCosts[i]).toBeGreaterThan(t.sharedCosts[i - 1]!);
      // The ordinance: each person above 7 adds the difference between 6 and 7 persons.
      expect(t.sharedCostsPerPersonAbove7).toBe(t.sharedCosts[6] - t.sharedCosts[5]);
      expect(t.source.provision).toMatch(/socialtjänstförordning/);
      expect(t.source.readFrom.length).toBeGreaterThan(0);
      for (const r of t.source.readFrom) expect(r.url).toMatch(/^https:\/\//);
    },
  );

  it("has one table per year", () => {
    const years = RIKSNORM_TABLES.map((t) => t.year);
    expect(new Set(years).size).toBe(years.length);
  });
});

describe("normFor, against the official 2019 table", () => {
  it("single adult: 3 090 + 990 = 4 080", () => {
    const norm = ok(normFor(single, 2019));
    expect(norm.total).toBe(4080);
    expect(norm.items).toEqual([
      { code: "personal.adult_single", amount: 3090 },
      { code: "shared.household", amount: 990, personsInHousehold: 1 },
    ]);
    expect(norm.table.year).toBe(2019);
    expect(norm.table.source.provision).toBe("2 kap. 1 § socialtjänstförordningen (2001:937)");
  });

  it("cohabiting couple: 5 570 + 1 100 = 6 670", () => {
    const norm = ok(normFor(couple, 2019));
    expect(norm.total).toBe(6670);
    expect(norm.personsInHousehold).toBe(2);
  });

  it("couple with a 4-year-old and a 9-year-old: lunch at preschool lowers only the young child's amount", () => {
    const atPreschool: Household = {
      applicants: "cohabiting_couple",
      children: [
        { age: 4, eatsLunchAtSchoolOrPreschool: true },
        { age: 9, eatsLunchAtSchoolOrPreschool: true },
      ],
    };
    const norm = ok(normFor(atPreschool, 2019));
    expect(norm.items).toEqual([
      { code: "personal.adults_cohabiting_couple", amount: 5570 },
      { code: "personal.child_4-6_without_lunch", amount: 2120, childIndex: 0, age: 4 },
      { code: "personal.child_7-10", amount: 2990, childIndex: 1, age: 9 },
      { code: "shared.household", amount: 1570, personsInHousehold: 4 },
    ]);
    expect(norm.total).toBe(5570 + 2120 + 2990 + 1570); // 12 250

    const allMealsAtHome: Household = {
      applicants: "cohabiting_couple",
      children: [
        { age: 4, eatsLunchAtSchoolOrPreschool: false },
        { age: 9, eatsLunchAtSchoolOrPreschool: false },
      ],
    };
    expect(ok(normFor(allMealsAtHome, 2019)).total).toBe(5570 + 2380 + 2990 + 1570); // 12 510
  });

  it("single parent with an infant at home and a 3-year-old at preschool", () => {
    const norm = ok(
      normFor(
        {
          applicants: "single",
          children: [
            { age: 0, eatsLunchAtSchoolOrPreschool: false },
            { age: 3, eatsLunchAtSchoolOrPreschool: true },
          ],
        },
        2019,
      ),
    );
    expect(norm.total).toBe(3090 + 2130 + 1940 + 1380);
  });

  it("household of 8: shared costs 2 220 + 170", () => {
    const six: Child[] = [0, 2, 5, 8, 12, 16].map((age) => ({ age, eatsLunchAtSchoolOrPreschool: false }) as Child);
    const norm = ok(normFor({ applicants: "cohabiting_couple", children: six }, 2019));
    expect(norm.personsInHousehold).toBe(8);
    expect(norm.items.at(-1)).toEqual({ code: "shared.household", amount: 2390, personsInHousehold: 8 });
    expect(norm.total).toBe(5570 + 2130 + 2380 + 2380 + 2990 + 3440 + 3880 + 2390);

    const ten = ok(normFor({ applicants: "cohabiting_couple", children: [...six, ...six.slice(0, 2)] }, 2019));
    expect(ten.items.at(-1)).toMatchObject({ amount: 2220 + 3 * 170, personsInHousehold: 10 });
  });

  it("a 19-year-old at school living at home is a child in the table", () => {
    const norm = ok(
      normFor(
        {
          applicants: "single",
          children: [{ age: 19, eatsLunchAtSchoolOrPreschool: true, livesAtHomeAndAttendsSchool: true }],
        },
        2019,
      ),
    );
    expect(norm.items[1]).toEqual({ code: "personal.child_19-20", amount: 3910, childIndex: 0, age: 19 });
    expect(norm.total).toBe(3090 + 3910 + 1100);
  });
});

describe("the lodger rule", () => {
  it("single-adult amount plus the household's shared costs divided by its members (2019, 5 persons)", () => {
    const norm = ok(lodgerNorm(5, 2019));
    expect(norm.items).toEqual([
      { code: "personal.adult_single", amount: 3090 },
      { code: "shared.household_share", amount: 362, personsInHousehold: 5, personsInApplication: 1 },
    ]);
    expect(norm.total).toBe(3090 + 1810 / 5); // 3 452
  });

  it("rounds a share that is not whole kronor to the nearest krona, halves up", () => {
    // 1 570 / 4 = 392.50 → 393
    expect(ok(lodgerNorm(4, 2019)).total).toBe(3090 + 393);
    // 2 050 / 6 = 341.67 → 342; 2 220 / 7 = 317.14 → 317
    expect(ok(lodgerNorm(6, 2019)).total).toBe(3090 + 342);
    expect(ok(lodgerNorm(7, 2019)).total).toBe(3090 + 317);
  });

  it("is the same as a single applicant with others in the household", () => {
    expect(normFor({ applicants: "single", children: [], othersInHousehold: 2 }, 2019)).toEqual(lodgerNorm(3, 2019));
  });

  it("gives a family sharing its home with a lodger its part of the shared costs", () => {
    const family = ok(
      normFor(
        { applicants: "single", children: [{ age: 2, eatsLunchAtSchoolOrPreschool: false }], othersInHousehold: 1 },
        2019,
      ),
    );
    expect(family.items.at(-1)).toEqual({
      code: "shared.household_share",
      amount: 920,
      personsInHousehold: 3,
      personsInApplication: 2,
    });
    expect(family.total).toBe(3090 + 2380 + 920);
    // The lodger's share and the family's add up to the household's shared costs (1 380 for 3).
    expect(ok(lodgerNorm(3, 2019)).items.at(-1)!.amount + 920).toBe(1380);
  });

  it("in 2021, by the ordinance text (SFS 2020:1013): 3 160 + 1 860 / 5", () => {
    expect(ok(lodgerNorm(5, 2021)).total).toBe(3160 + 372);
  });

  it("refuses a household size that is not a whole number of at least one", () => {
    expect(lodgerNorm(0, 2019)).toMatchObject({ ok: false, reason: "invalid_household" });
    expect(lodgerNorm(2.5, 2019)).toMatchObject({ ok: false, reason: "invalid_household" });
  });
});

describe("years", () => {
  afterEach(() => installRiksnormTables([]));

  it("refuses 2026 until its table is added, then gives a single adult 5 220 and a couple 8 510", async () => {
    expect(normFor(single, 2026)).toEqual({ ok: false, reason: "no_table_for_year", year: 2026 });
    // The portal does not ship 2026 (see riksnorm-tables.ts); a municipality adds it with
    // RIKSNORM_FILE. This test-only table is built to give the year's published totals.
    const parsed = parseRiksnormTables((await import("../support/riksnorm-2026-fixture.json")).default);
    if (!parsed.ok) throw new Error(parsed.reason);
    installRiksnormTables(parsed.tables);
    expect(ok(normFor(single, 2026)).total).toBe(5220);
    expect(ok(normFor(couple, 2026)).total).toBe(8510);
  });

  it("refuses every year without a table and never falls back to another year's", () => {
    for (let year = 1990; year <= 2035; year++) {
      const result = normFor(single, year);
      if (riksnormTable(year)) expect(ok(result).table.year).toBe(year);
      else expect(result).toEqual({ ok: false, reason: "no_table_for_year", year });
    }
    expect(normFor(single, 2020)).toEqual({ ok: false, reason: "no_table_for_year", year: 2020 });
  });

  it("2021 uses the 2021 amounts", () => {
    const norm = ok(
      normFor({ applicants: "cohabiting_couple", children: [{ age: 5, eatsLunchAtSchoolOrPreschool: true }] }, 2021),
    );
    expect(norm.total).toBe(5700 + 2170 + 1420);
    expect(norm.table.source.amendment?.sfs).toBe("SFS 2020:1013");
  });
});

describe("households the table cannot describe", () => {
  const withChild = (child: unknown): Household => ({ applicants: "single", children: [child as Child] });

  it("refuses a 21-year-old, or a 19- or 20-year-old not at school, as a child", () => {
    expect(normFor(withChild({ age: 21, eatsLunchAtSchoolOrPreschool: false }), 2019)).toMatchObject({
      ok: false,
      reason: "invalid_household",
    });
    expect(normFor(withChild({ age: 19, eatsLunchAtSchoolOrPreschool: false }), 2019)).toMatchObject({
      ok: false,
      reason: "invalid_household",
    });
    expect(
      normFor(withChild({ age: 20, eatsLunchAtSchoolOrPreschool: false, livesAtHomeAndAttendsSchool: false }), 2019),
    ).toMatchObject({
      ok: false,
      reason: "invalid_household",
    });
  });

  it("refuses other malformed households", () => {
    expect(normFor(withChild({ age: -1, eatsLunchAtSchoolOrPreschool: false }), 2019)).toMatchObject({
      reason: "invalid_household",
    });
    expect(normFor(withChild({ age: 4.5, eatsLunchAtSchoolOrPreschool: false }), 2019)).toMatchObject({
      reason: "invalid_household",
    });
    expect(normFor(withChild({ age: 4 }), 2019)).toMatchObject({ reason: "invalid_household" });
    expect(normFor({ applicants: "three" as never, children: [] }, 2019)).toMatchObject({
      reason: "invalid_household",
    });
    expect(normFor({ ...single, othersInHousehold: -1 }, 2019)).toMatchObject({ reason: "invalid_household" });
  });
});

describe("ages", () => {
  // The age reached by the end of the month applied for; only year and month of birth matter.
  const born = (age: number, monthDay: string) => `${2026 - age}-${monthDay}`;

  it.each([
    [0, "0"],
    [1, "1-2"],
    [2, "1-2"],
    [3, "3"],
    [4, "4-6"],
    [6, "4-6"],
    [7, "7-10"],
    [10, "7-10"],
    [11, "11-14"],
    [14, "11-14"],
    [15, "15-18"],
    [17, "15-18"],
  ] as const)("age %i is band %s", (age, band) => {
    expect(ageInMonth(born(age, "03-31"), "2026-03")).toBe(age); // birthday at the end of the month counts
    expect(ageInMonth(born(age, "01-15"), "2026-03")).toBe(age);
    expect(childBand(age)).toBe(band);
    expect(childBand(age, true)).toBe(band);
    const child = childInMonth({ birthDate: born(age, "03-01"), eatsLunchAtSchoolOrPreschool: false }, "2026-03");
    expect(child).toEqual({ ok: true, child: { age, eatsLunchAtSchoolOrPreschool: false } });
    if (child.ok)
      expect(ok(normFor({ applicants: "single", children: [child.child] }, 2019)).items[1]!.code).toBe(
        `personal.child_${band}`,
      );
  });

  it("counts an 18-year-old as a child (15-18) only while at upper-secondary school; one who has left is an adult", () => {
    expect(childBand(18)).toBe("15-18");
    const atSchool = childInMonth(
      { birthDate: born(18, "03-01"), eatsLunchAtSchoolOrPreschool: true, attendsSchool: true },
      "2026-03",
    );
    expect(atSchool).toEqual({ ok: true, child: { age: 18, eatsLunchAtSchoolOrPreschool: true } });
    if (atSchool.ok)
      expect(ok(normFor({ applicants: "single", children: [atSchool.child] }, 2019)).items[1]!.code).toBe(
        "personal.child_15-18",
      );
    for (const attendsSchool of [false, undefined])
      expect(
        childInMonth({ birthDate: born(18, "03-01"), eatsLunchAtSchoolOrPreschool: true, attendsSchool }, "2026-03"),
      ).toEqual({ ok: false, reason: "not_a_child_in_the_table", age: 18 });
  });

  it("counts a child who turns 1 next month as 0", () => {
    expect(ageInMonth("2025-04-01", "2026-03")).toBe(0);
    expect(ageInMonth("2026-03-31", "2026-03")).toBe(0); // born during the month
  });

  it.each([19, 20])("age %i is band 19-20 only living at home and at school", (age) => {
    expect(childBand(age)).toBeUndefined();
    expect(childBand(age, true)).toBe("19-20");
    expect(
      childInMonth(
        { birthDate: born(age, "03-10"), eatsLunchAtSchoolOrPreschool: true, attendsSchool: true },
        "2026-03",
      ),
    ).toEqual({
      ok: true,
      child: { age, eatsLunchAtSchoolOrPreschool: true, livesAtHomeAndAttendsSchool: true },
    });
    expect(childInMonth({ birthDate: born(age, "03-10"), eatsLunchAtSchoolOrPreschool: true }, "2026-03")).toEqual({
      ok: false,
      reason: "not_a_child_in_the_table",
      age,
    });
  });

  it("age 21 is not a child in the table, at school or not", () => {
    expect(ageInMonth(born(21, "03-31"), "2026-03")).toBe(21);
    expect(childBand(21)).toBeUndefined();
    expect(childBand(21, true)).toBeUndefined();
    expect(
      childInMonth(
        { birthDate: born(21, "03-31"), eatsLunchAtSchoolOrPreschool: false, attendsSchool: true },
        "2026-03",
      ),
    ).toEqual({
      ok: false,
      reason: "not_a_child_in_the_table",
      age: 21,
    });
  });

  it("handles a 29 February birthday by its month", () => {
    expect(ageInMonth("2020-02-29", "2021-01")).toBe(0);
    expect(ageInMonth("2020-02-29", "2021-02")).toBe(1);
  });

  it("refuses a child not yet born and malformed dates", () => {
    expect(childInMonth({ birthDate: "2026-04-01", eatsLunchAtSchoolOrPreschool: false }, "2026-03")).toEqual({
      ok: false,
      reason: "born_after_the_month",
    });
    expect(childInMonth({ birthDate: "2025-02-30", eatsLunchAtSchoolOrPreschool: false }, "2026-03")).toEqual({
      ok: false,
      reason: "invalid_date",
    });
    expect(childInMonth({ birthDate: "2025-02-01", eatsLunchAtSchoolOrPreschool: false }, "2026-13")).toEqual({
      ok: false,
      reason: "invalid_date",
    });
    expect(() => ageInMonth("2026-04-01", "2026-03")).toThrow(RangeError);
    expect(() => ageInMonth("20250101", "2026-03")).toThrow(RangeError);
    expect(() => ageInMonth("2025-01-01", "2026-3")).toThrow(RangeError);
  });
});
