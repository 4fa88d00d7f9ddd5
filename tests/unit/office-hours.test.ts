import { describe, expect, it } from "vitest";
import { exempelkommunen } from "~/municipality/exempelkommunen";
import { describeOfficeHours, isOfficeOpen } from "~/municipality/office-hours";

const { officeHours, timeZone } = exempelkommunen;

describe("office hours", () => {
  it("is open on a weekday morning and closed over lunch, evenings and weekends (Stockholm time)", () => {
    expect(isOfficeOpen(officeHours, new Date("2026-11-27T08:00:00Z"), timeZone)).toBe(true); // Fri 09:00 CET
    expect(isOfficeOpen(officeHours, new Date("2026-11-27T11:30:00Z"), timeZone)).toBe(false); // 12:30 lunch
    expect(isOfficeOpen(officeHours, new Date("2026-11-27T15:30:00Z"), timeZone)).toBe(false); // 16:30 closed
    expect(isOfficeOpen(officeHours, new Date("2026-11-28T09:00:00Z"), timeZone)).toBe(false); // Saturday
    expect(isOfficeOpen(officeHours, new Date("2026-06-15T06:30:00Z"), timeZone)).toBe(true); // Mon 08:30 CEST
  });

  it("describes the hours in the reader's language", () => {
    const visible = (lines: string[]) => lines.map((l) => l.replace(/[\u2060\u2066-\u2069]/g, ""));
    expect(visible(describeOfficeHours(officeHours, "sv"))).toEqual(["Måndag–fredag 08:00–12:00 och 13:00–16:30"]);
    expect(visible(describeOfficeHours(officeHours, "en"))).toEqual(["Monday–Friday 08:00–12:00 and 13:00–16:30"]);
    // Each time range is isolated left-to-right so it reads in order inside Arabic text.
    expect(describeOfficeHours(officeHours, "ar")[0]).toContain("\u206608:00\u2060–\u206012:00\u2069");
    expect(describeOfficeHours(officeHours, "fi")[0]).toMatch(/^Maanantai–perjantai/);
    expect(describeOfficeHours(officeHours, "ar")[0]).toContain("الاثنين");
  });
});
