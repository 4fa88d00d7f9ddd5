import { describe, expect, it } from "vitest";
import { checkRiksnormEntry, fieldsOf, tableFromEntry } from "~/e-services/forsorjningsstod/riksnorm-entry";
import { parseRiksnormTables } from "~/e-services/forsorjningsstod/riksnorm-file.server";
import { RIKSNORM_TABLES, sameFigures } from "~/e-services/forsorjningsstod/riksnorm-tables";
import fixture from "../support/riksnorm-2026-fixture.json";

// Made-up figures whose totals are 2026's announced ones (5 220 and 8 510): see the fixture's note.
const fromFile = (() => {
  const parsed = parseRiksnormTables(fixture);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.tables[0]!;
})();

const announcement = {
  announcedSingle: "5 220",
  announcedCouple: "8510",
  announcedBy: "Regeringen (test)",
  announcedOn: "2025-11-20",
  sourceUrl: "https://www.regeringen.se/",
};

const typed = (changes: Record<string, string> = {}) => ({ ...fieldsOf(fromFile), ...announcement, ...changes });

describe("a riksnorm year typed in the staff console", () => {
  it("accepts a table whose totals are the announced ones, with the same figures as the same table in a file", () => {
    const checked = checkRiksnormEntry(2026, typed());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.entry.announced).toEqual({ single: 5220, couple: 8510 });
    const table = tableFromEntry(checked.entry);
    expect(sameFigures(table, fromFile)).toBe(true);
    // The table the console stores passes the same checks as RIKSNORM_FILE's.
    expect(parseRiksnormTables([table]).ok).toBe(true);
  });

  it("refuses a mistyped adult amount, naming the difference against the announced total", () => {
    const checked = checkRiksnormEntry(2026, typed({ "adults.single": "3970" }));
    expect(checked).toEqual({
      ok: false,
      problems: { announcedSingle: { code: "total_differs", computed: 5230, announced: 5220, difference: 10 } },
    });
  });

  it("refuses a mistyped shared cost for two, and a mistyped announced total, each on its own total", () => {
    const shared = checkRiksnormEntry(2026, typed({ "sharedCosts.2": "1390" }));
    expect(shared.ok || shared.problems).toEqual({
      announcedCouple: { code: "total_differs", computed: 8500, announced: 8510, difference: -10 },
    });
    const total = checkRiksnormEntry(2026, typed({ announcedSingle: "5 202" }));
    expect(total.ok || total.problems).toEqual({
      announcedSingle: { code: "total_differs", computed: 5220, announced: 5202, difference: 18 },
    });
  });

  it("reads kronor as staff type them and refuses what is not whole kronor", () => {
    expect(
      checkRiksnormEntry(2026, typed({ "children.0": "2 750 kr", "adults.cohabitingCouple": "7\u00a0110" })).ok,
    ).toBe(true);
    const checked = checkRiksnormEntry(
      2026,
      typed({ "children.3": "", "children.7-10": "3860,50", "sharedCosts.5": "-1" }),
    );
    expect(checked.ok || checked.problems).toEqual({
      "children.3": { code: "required" },
      "children.7-10": { code: "not_kronor" },
      "sharedCosts.5": { code: "not_kronor" },
    });
  });

  it("holds the table to the ordinance's shape", () => {
    const checked = checkRiksnormEntry(
      2026,
      typed({ "childrenWithoutLunch.1-2": "3070", "sharedCosts.4": "1700", sharedCostsPerPersonAbove7: "200" }),
    );
    expect(checked.ok || checked.problems).toEqual({
      "childrenWithoutLunch.1-2": { code: "not_below_with_lunch", withLunch: 3070 },
      "sharedCosts.4": { code: "not_growing", fewer: 1760 },
      sharedCostsPerPersonAbove7: { code: "not_difference_6_7", expected: 220 },
    });
  });

  it("needs who announced it, a real date and an https address", () => {
    const checked = checkRiksnormEntry(
      2026,
      typed({ announcedBy: " ", announcedOn: "2025-02-30", sourceUrl: "http://www.regeringen.se/" }),
    );
    expect(checked.ok || checked.problems).toEqual({
      announcedBy: { code: "required" },
      announcedOn: { code: "not_a_date" },
      sourceUrl: { code: "not_https" },
    });
  });

  it("never changes a year the portal ships: the same figures pass, others are refused", () => {
    const shipped = RIKSNORM_TABLES.find((t) => t.year === 2021)!;
    const totals = {
      announcedSingle: String(shipped.adults.single + shipped.sharedCosts[0]),
      announcedCouple: String(shipped.adults.cohabitingCouple + shipped.sharedCosts[1]),
    };
    const same = { ...fieldsOf(shipped), ...announcement, ...totals };
    expect(checkRiksnormEntry(2021, same).ok).toBe(true);
    const other = checkRiksnormEntry(2021, { ...same, "children.15-18": "3980" });
    expect(other.ok || other.problems).toEqual({ year: { code: "shipped_year_differs" } });
  });
});
