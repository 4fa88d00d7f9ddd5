import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { parseRiksnormTables, readRiksnormFile } from "~/e-services/forsorjningsstod/riksnorm-file.server";
import {
  allRiksnormTables,
  installRiksnormTables,
  riksnormTable,
  type RiksnormTable,
} from "~/e-services/forsorjningsstod/riksnorm-tables";
import { normFor } from "~/e-services/forsorjningsstod/riksnorm";
import { riksnormSettings } from "~/e-services/forsorjningsstod/settings.server";

const dir = mkdtempSync(path.join(tmpdir(), "ingang-riksnorm-"));
const write = (name: string, content: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
};

/** A made-up table for a year the portal does not ship: 2021's figures, so it is consistent. */
const table2030 = (): RiksnormTable => {
  const base = structuredClone(riksnormTable(2021)!) as RiksnormTable;
  return {
    ...base,
    year: 2030,
    source: {
      provision: "2 kap. 1 § socialtjänstförordningen (2001:937)",
      amendment: { sfs: "SFS 2029:1", issued: "2029-11-20", readAt: "test" },
      readFrom: [{ publisher: "Test", title: "Testtabell", url: "https://example.org/riksnorm" }],
    },
  };
};

afterEach(() => installRiksnormTables([]));

describe("RIKSNORM_FILE", () => {
  it("adds the file's tables to the shipped ones, and the calculation uses them", () => {
    const tables = readRiksnormFile(write("ok.json", [table2030()]));
    expect(tables.map((t) => t.year)).toEqual([2030]);
    expect(normFor({ applicants: "single", children: [] }, 2030)).toMatchObject({
      ok: false,
      reason: "no_table_for_year",
    });
    installRiksnormTables(tables);
    expect(allRiksnormTables().map((t) => t.year)).toEqual([2019, 2021, 2030]);
    expect(normFor({ applicants: "single", children: [] }, 2030)).toMatchObject({ ok: true, total: 3160 + 1020 });
  });

  it("is read once at start-up into the configuration, and unset means the shipped tables only", () => {
    const base = { DATA_DIR: dir };
    expect(riksnormSettings.of(loadConfig(base)).tables).toEqual([]);
    const file = write("config.json", [table2030()]);
    expect(riksnormSettings.of(loadConfig({ ...base, RIKSNORM_FILE: file })).tables.map((t) => t.year)).toEqual([2030]);
    expect(() => loadConfig({ ...base, RIKSNORM_FILE: path.join(dir, "missing.json") })).toThrow(
      /^RIKSNORM_FILE must be a readable JSON file/,
    );
  });

  it("refuses a table that is not consistent, with one line naming what is wrong", () => {
    const refused = (mutate: (t: RiksnormTable & Record<string, unknown>) => unknown) => {
      const t = table2030() as RiksnormTable & Record<string, unknown>;
      mutate(t);
      const result = parseRiksnormTables([t]);
      return result.ok ? null : result.reason;
    };
    expect(refused(() => {})).toBeNull();
    expect(refused((t) => ((t.childrenWithoutLunch as Record<string, number>)["0"] = 9999))).toMatch(
      /^0\.childrenWithoutLunch\.0: must be lower/,
    );
    expect(refused((t) => (t.sharedCostsPerPersonAbove7 = 1))).toMatch(/difference between 6 and 7/);
    expect(refused((t) => ((t.adults as Record<string, number>).single = 3160.5))).toMatch(/^0\.adults\.single/);
    expect(refused((t) => ((t.adults as Record<string, number>).single = -1))).toMatch(/^0\.adults\.single/);
    expect(refused((t) => (t.source.provision = "Kommunens egen norm"))).toMatch(/socialtjänstförordningen/);
    expect(refused((t) => (t.source.readFrom = []))).toMatch(/^0\.source\.readFrom/);
    expect(refused((t) => (t.extra = 1))).toMatch(/extra|Unrecognized/i);
    expect(refused((t) => delete (t.children as Record<string, number>)["19-20"])).toMatch(/children/);
  });

  it("refuses the same year twice, and a shipped year with other figures; identical figures are accepted", () => {
    expect(parseRiksnormTables([table2030(), table2030()])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/2030 is given twice/),
    });
    const shipped = structuredClone(riksnormTable(2019)!) as RiksnormTable;
    expect(parseRiksnormTables([shipped]).ok).toBe(true);
    expect(parseRiksnormTables([{ ...shipped, adults: { single: 3100, cohabitingCouple: 5570 } }])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ships a table for 2019/),
    });
    expect(() => readRiksnormFile(write("bad.json", "{ not json"))).toThrow(
      /^RIKSNORM_FILE must be a readable JSON file/,
    );
    expect(() => readRiksnormFile(write("empty.json", []))).toThrow(/^RIKSNORM_FILE must be a list of riksnorm tables/);
    expect(() => installRiksnormTables([{ ...shipped, adults: { single: 1, cohabitingCouple: 2 } }])).toThrow(
      /differs/,
    );
  });
});
