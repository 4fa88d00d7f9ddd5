import { describe, expect, it } from "vitest";
import { figureContributions } from "~/e-services/registry.server";
import { own } from "../support/own-figures";
import { addDays, localTime } from "~/municipality/time";
import { readPersonForm } from "~/staff/assisted/assisted.server";
import { csvCell, SWEDISH_EXCEL, toCsv } from "~/staff/csv";
import {
  computeFigures,
  figureRows,
  median,
  monthOf,
  monthsBetween,
  nextMonth,
  percentile,
  type Fact,
} from "~/figures/figures";
import { checkRetention } from "~/retention/limits";
import { repeatWeekly } from "~/e-services/samarbetssamtal/staff/slots.server";
import { niceMax } from "~/staff/ui/charts";

const fact = (overrides: Partial<Fact>): Fact => ({
  submissionId: crypto.randomUUID(),
  serviceId: "forsorjningsstod",
  channel: "e-service",
  submittedAt: new Date("2026-03-10T10:00:00Z"),
  acute: false,
  identified: true,
  firstClaimAt: null,
  registeredAt: null,
  registeredBy: null,
  messagesFromPerson: 0,
  messagesToPerson: 0,
  documentsAttached: null,
  reporter: null,
  organisation: null,
  unit: null,
  about: null,
  bookingParty: null,
  requestedAt: null,
  firstTalkAt: null,
  ...overrides,
});

describe("median and the 95th percentile", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it("takes the 95th percentile by nearest rank", () => {
    expect(percentile([], 95)).toBeNull();
    expect(percentile([5], 95)).toBe(5);
    // ⌈0.95 × 20⌉ = 19: the 19th smallest of 1…20.
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => 20 - i),
        95,
      ),
    ).toBe(19);
    // ⌈0.95 × 6⌉ = 6: the largest of six.
    expect(percentile([10, 20, 30, 40, 50, 600], 95)).toBe(600);
  });
});

describe("months", () => {
  it("puts an instant in its month in Stockholm, not in UTC", () => {
    expect(monthOf(new Date("2026-02-28T23:30:00Z"), "Europe/Stockholm")).toBe("2026-03");
    expect(monthOf(new Date("2026-03-31T22:30:00Z"), "Europe/Stockholm")).toBe("2026-04");
    expect(monthOf(new Date("2026-03-31T21:30:00Z"), "Europe/Stockholm")).toBe("2026-03");
  });

  it("counts months across a new year, and at most three years", () => {
    expect(nextMonth("2026-12")).toBe("2027-01");
    expect(monthsBetween("2026-11", "2027-02")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthsBetween("2020-01", "2030-01")).toHaveLength(36);
    expect(monthsBetween("2027-01", "2026-01")).toEqual([]);
  });
});

describe("computeFigures", () => {
  it("gives every named e-service an entry and null shares for an empty month", () => {
    const [m] = computeFigures(
      [],
      ["2026-03"],
      ["orosanmalan", "forsorjningsstod"],
      "Europe/Stockholm",
      figureContributions,
    );
    expect(m!.services.orosanmalan!.byChannel).toEqual({ "e-service": 0, assisted: 0, paper: 0 });
    expect(own(m!).forsorjningsstod.eService).toEqual({ numerator: 0, denominator: 0, share: null });
    expect(own(m!).orosanmalan.acuteTimeToClaim).toEqual({ count: 0, medianMinutes: null, p95Minutes: null });
  });

  it("counts documents only for e-service applications where documents were asked for", () => {
    const facts = [
      fact({ documentsAttached: "all" }),
      fact({ documentsAttached: "some" }),
      fact({ documentsAttached: "not_asked" }),
      fact({ documentsAttached: null }),
      fact({ documentsAttached: "all", channel: "paper" }),
    ];
    const [m] = computeFigures(facts, ["2026-03"], ["forsorjningsstod"], "Europe/Stockholm", figureContributions);
    expect(own(m!).forsorjningsstod.documents).toEqual({ numerator: 1, denominator: 2, share: 0.5 });
    expect(own(m!).forsorjningsstod.eService).toEqual({ numerator: 4, denominator: 5, share: 0.8 });
  });

  it("counts a first talk on the 14th day as within the target, and on the 15th as not", () => {
    const requestedAt = new Date("2026-03-02T08:00:00Z");
    const day = 86_400_000;
    const facts = [
      fact({
        serviceId: "samarbetssamtal",
        bookingParty: "requester",
        requestedAt,
        firstTalkAt: new Date(requestedAt.getTime() + 14 * day),
      }),
      fact({
        serviceId: "samarbetssamtal",
        bookingParty: "requester",
        requestedAt,
        firstTalkAt: new Date(requestedAt.getTime() + 14 * day + 60_000),
      }),
      fact({ serviceId: "samarbetssamtal", bookingParty: "invitee", requestedAt, firstTalkAt: requestedAt }),
    ];
    const [m] = computeFigures(facts, ["2026-03"], ["samarbetssamtal"], "Europe/Stockholm", figureContributions);
    expect(own(m!).samarbetssamtal.within14Days).toEqual({ numerator: 1, denominator: 2, share: 0.5 });
  });

  it("writes every figure as a CSV row with its parts", () => {
    const figures = computeFigures(
      [fact({})],
      ["2026-03"],
      ["forsorjningsstod"],
      "Europe/Stockholm",
      figureContributions,
    );
    const rows = figureRows(figures, figureContributions);
    expect(rows).toContainEqual({
      month: "2026-03",
      service: "forsorjningsstod",
      figure: "e_service_share",
      group: "",
      numerator: 1,
      denominator: 1,
      value: 1,
      target: 0.9,
    });
    expect(rows.filter((r) => r.figure === "submissions").map((r) => [r.group, r.value])).toEqual([
      ["e-service", 1],
      ["assisted", 0],
      ["paper", 0],
    ]);
  });
});

describe("CSV", () => {
  it("quotes what must be quoted and defuses what would run as a formula", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a "quoted", text')).toBe('"a ""quoted"", text"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("+46 70")).toBe("'+46 70");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell(-0.5)).toBe("-0.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe("\uFEFFa,b\r\n1,x\r\n");
  });

  it("writes what Swedish Excel opens as columns: semicolons, decimal commas, quoted semicolons", () => {
    expect(
      toCsv(
        ["Månad", "Värde"],
        [
          ["2026-03", 0.25],
          ["a;b", -1.5],
          ["a,b", 3],
        ],
        SWEDISH_EXCEL,
      ),
    ).toBe('\uFEFFMånad;Värde\r\n2026-03;0,25\r\n"a;b";-1,5\r\na,b;3\r\n');
    expect(csvCell("=1;2", SWEDISH_EXCEL)).toBe(`"'=1;2"`);
  });
});

describe("retention limits", () => {
  it("refuses a period below the minimum, with the reason, and above the maximum", () => {
    expect(checkRetention("forsorjningsstod", { afterRegistrationDays: "30", draftDays: "14" })).toEqual({
      ok: true,
      values: { afterRegistrationDays: 30, draftDays: 14 },
    });
    expect(checkRetention("forsorjningsstod", { afterRegistrationDays: "6", draftDays: "6" })).toEqual({
      ok: false,
      problems: {
        afterRegistrationDays: { code: "below_minimum", min: 7, max: 90, reason: "afterRegistration" },
        draftDays: { code: "below_minimum", min: 7, max: 90, reason: "draftDocuments" },
      },
    });
    expect(checkRetention("orosanmalan", { afterRegistrationDays: "91", draftDays: "3" })).toMatchObject({
      ok: false,
      problems: { afterRegistrationDays: { code: "above_maximum" } },
    });
    expect(checkRetention("orosanmalan", { afterRegistrationDays: "", draftDays: "-1" })).toMatchObject({
      ok: false,
      problems: { afterRegistrationDays: { code: "required" }, draftDays: { code: "not_a_number" } },
    });
  });
});

describe("weekly times", () => {
  it("keeps the wall-clock hour across the change to summer time", () => {
    const first = {
      startsAt: new Date("2027-03-22T09:00:00Z"),
      minutes: 60,
      kind: "samarbetssamtal" as const,
      mode: "digitalt" as const,
      location: null,
    };
    const series = repeatWeekly([first], 3, "Europe/Stockholm");
    expect(series.map((s) => [s.startsAt.toISOString(), localTime(s.startsAt)])).toEqual([
      ["2027-03-22T09:00:00.000Z", "10:00"],
      ["2027-03-29T08:00:00.000Z", "10:00"],
      ["2027-04-05T08:00:00.000Z", "10:00"],
    ]);
    expect(addDays("2026-12-30", 7)).toBe("2027-01-06");
  });

  it("leaves out a time that does not exist that day", () => {
    // 02:30 on 28 March 2027 does not exist in Stockholm.
    const first = {
      startsAt: new Date("2027-03-21T01:30:00Z"),
      minutes: 30,
      kind: "samarbetssamtal" as const,
      mode: "digitalt" as const,
      location: null,
    };
    expect(repeatWeekly([first], 2, "Europe/Stockholm")).toHaveLength(1);
  });
});

describe("the person staff record", () => {
  const form = (values: Record<string, string>) => new URLSearchParams(values);
  const today = new Date("2026-11-27T12:00:00Z");

  it("takes a personnummer, or a date of birth when there is none", () => {
    expect(readPersonForm(form({ name: "Anna Andersson", pnr: "198503129820" }), today)).toMatchObject({
      ok: true,
      person: { personnummer: "198503129820", birthDate: "1985-03-12" },
    });
    expect(
      readPersonForm(form({ name: "Amal Hassan", birthDate: "1991-02-14", interpreter: "ja" }), today),
    ).toMatchObject({
      ok: true,
      person: { personnummer: null, birthDate: "1991-02-14", interpreter: true },
    });
  });

  it("says what is wrong", () => {
    expect(readPersonForm(form({ name: "A" }), today)).toMatchObject({ ok: false, problems: { pnr: "identify" } });
    expect(readPersonForm(form({ name: "A", birthDate: "2030-01-01" }), today)).toMatchObject({
      ok: false,
      problems: { birthDate: "future" },
    });
    expect(readPersonForm(form({ name: "A", birthDate: "1991-02-30" }), today)).toMatchObject({
      ok: false,
      problems: { birthDate: "invalid" },
    });
    expect(readPersonForm(form({ name: "A", pnr: "19850312-9821", phone: "ring mig" }), today)).toMatchObject({
      ok: false,
      problems: { pnr: "checksum", phone: "invalid" },
    });
  });
});

describe("chart axis", () => {
  it("rounds the top of the axis up to 1, 2 or 5 times a power of ten", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(12)).toBe(20);
    expect(niceMax(600)).toBe(1000);
    expect(niceMax(450)).toBe(500);
  });
});
