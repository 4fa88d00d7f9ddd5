import { describe, expect, it } from "vitest";
import { readRecords, splitCsvLine, validateRecords } from "~/e-services/samarbetssamtal/cli/import-slots";
import { calendarFile, escapeText, foldLine } from "~/e-services/samarbetssamtal/ics";
import { parseSlotForm } from "~/e-services/samarbetssamtal/slot-input";
import { groupByDay, minutesNeeded, slotLabel, withinTarget, type SlotView } from "~/e-services/samarbetssamtal/slots";
import { localDay, zonedInstant } from "~/municipality/time";

const view = (id: string, startsAt: string, minutes = 60): SlotView => ({
  id,
  startsAt,
  minutes,
  mode: "fysiskt",
  location: "Storgatan 1",
});

describe("free times grouped by day", () => {
  it("sorts by start, groups by the day in Stockholm, and puts the first free time first", () => {
    const groups = groupByDay([
      view("c", "2026-03-04T08:00:00.000Z"),
      view("a", "2026-03-03T08:00:00.000Z"),
      // 23:30 UTC on the 3rd is 00:30 on the 4th in Stockholm.
      view("d", "2026-03-03T23:30:00.000Z"),
      view("b", "2026-03-03T12:00:00.000Z"),
    ]);
    expect(groups.map((g) => [g.day, g.slots.map((s) => s.id)])).toEqual([
      ["2026-03-03", ["a", "b"]],
      ["2026-03-04", ["d", "c"]],
    ]);
  });

  it("gives an empty list no groups", () => {
    expect(groupByDay([])).toEqual([]);
  });

  it("labels a time the same in every language, in local time across summer time", () => {
    expect(slotLabel(new Date("2026-03-03T09:00:00Z"), 60)).toBe("2026-03-03 10:00–11:00");
    expect(slotLabel(new Date("2026-07-01T08:00:00Z"), 90)).toBe("2026-07-01 10:00–11:30");
    expect(localDay(new Date("2026-10-25T22:30:00Z"))).toBe("2026-10-25");
  });
});

describe("the 14-day target", () => {
  const asked = new Date("2026-03-01T10:00:00Z");
  it("counts a talk exactly 14 days later as within, a minute more as not", () => {
    expect(withinTarget(asked, new Date("2026-03-15T10:00:00Z"))).toBe(true);
    expect(withinTarget(asked, new Date("2026-03-15T10:01:00Z"))).toBe(false);
    expect(withinTarget(asked, new Date("2026-03-02T08:00:00Z"))).toBe(true);
  });
  it("asks for 30 minutes more when an interpreter is needed", () => {
    expect(minutesNeeded(false)).toBe(60);
    expect(minutesNeeded(true)).toBe(90);
  });
});

describe("local wall-clock times", () => {
  it("turns a Stockholm date and time into the right instant, winter and summer", () => {
    expect(zonedInstant("2026-01-15", "10:00")!.toISOString()).toBe("2026-01-15T09:00:00.000Z");
    expect(zonedInstant("2026-07-15", "10:00")!.toISOString()).toBe("2026-07-15T08:00:00.000Z");
    expect(zonedInstant("2026-03-29", "01:30")!.toISOString()).toBe("2026-03-29T00:30:00.000Z");
    expect(zonedInstant("2026-03-29", "03:30")!.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
  it("refuses times that do not exist or are malformed", () => {
    expect(zonedInstant("2026-03-29", "02:30")).toBeNull(); // skipped when clocks go forward
    expect(zonedInstant("2026-02-30", "10:00")).toBeNull();
    expect(zonedInstant("2026-03-03", "25:00")).toBeNull();
    expect(zonedInstant("3 mars", "10:00")).toBeNull();
  });
});

describe("the calendar file", () => {
  const event = {
    uid: "b1@portal.example",
    start: new Date("2026-03-03T09:00:00Z"),
    minutes: 90,
    summary: "Samtal hos familjerätten",
    location: "Storgatan 1, rum 3; entré B",
    description: "Logga in på Mina sidor för att se din bokning.",
    stamp: new Date("2026-02-20T12:34:56.789Z"),
  };

  it("is RFC 5545: CRLF lines, UTC times, escaped text, a neutral summary", () => {
    const ics = calendarFile(event);
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.split("\r\n").every((line) => !line.includes("\n"))).toBe(true);
    const lines = ics.split("\r\n");
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines).toContain("DTSTART:20260303T090000Z");
    expect(lines).toContain("DTEND:20260303T103000Z");
    expect(lines).toContain("DTSTAMP:20260220T123456Z");
    expect(lines).toContain("UID:b1@portal.example");
    expect(lines).toContain("LOCATION:Storgatan 1\\, rum 3\\; entré B");
    expect(lines).toContain("SUMMARY:Samtal hos familjerätten");
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain("END:VCALENDAR");
  });

  it("leaves out the location when there is none to show (digital or protected)", () => {
    expect(calendarFile({ ...event, location: null })).not.toContain("LOCATION");
  });

  it("folds long lines at 75 octets without splitting a character", () => {
    const long = "DESCRIPTION:" + "åäö".repeat(40);
    const folded = foldLine(long);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join("")).toBe(long);
  });

  it("escapes backslashes, commas, semicolons and newlines", () => {
    expect(escapeText("a\\b,c;d\ne")).toBe("a\\\\b\\,c\\;d\\ne");
  });
});

describe("publishing times", () => {
  const now = new Date("2026-03-01T08:00:00Z");
  const form = (values: Record<string, string>) =>
    new URLSearchParams({
      date: "2026-03-03",
      time: "10:00",
      minutes: "60",
      kind: "samarbetssamtal",
      mode: "fysiskt",
      location: "Storgatan 1",
      ...values,
    });

  it("makes a series of times back to back in local time", () => {
    const result = parseSlotForm(form({ count: "3" }), "Europe/Stockholm", now);
    expect(result.ok && result.slots.map((s) => s.startsAt.toISOString())).toEqual([
      "2026-03-03T09:00:00.000Z",
      "2026-03-03T10:00:00.000Z",
      "2026-03-03T11:00:00.000Z",
    ]);
  });

  it("says what is wrong: a time in the past, a physical talk without a place, a bad length", () => {
    expect(parseSlotForm(form({ date: "2026-02-01" }), "Europe/Stockholm", now)).toMatchObject({
      ok: false,
      errors: { date: "past" },
    });
    expect(parseSlotForm(form({ location: "" }), "Europe/Stockholm", now)).toMatchObject({
      ok: false,
      errors: { location: "required" },
    });
    expect(parseSlotForm(form({ minutes: "5", count: "40" }), "Europe/Stockholm", now)).toMatchObject({
      ok: false,
      errors: { minutes: "invalid", count: "count" },
    });
    const digital = parseSlotForm(form({ mode: "digitalt", location: "" }), "Europe/Stockholm", now);
    expect(digital.ok && digital.slots[0]!.location).toBeNull();
  });
});

describe("the import file", () => {
  const now = new Date("2026-03-01T08:00:00Z");
  it("reads CSV with quotes, either separator, and a BOM", () => {
    expect(splitCsvLine('2026-03-03,10:00,"Storgatan 1, rum ""3"""', ",")).toEqual([
      "2026-03-03",
      "10:00",
      'Storgatan 1, rum "3"',
    ]);
    const records = readRecords(
      "times.csv",
      "\uFEFFdate;time;minutes;kind;mode;location\r\n2026-03-03;10:00;90;samarbetssamtal;fysiskt;Storgatan 1\r\n\r\n2026-03-04;13:00;60;informationssamtal;digitalt;\r\n",
    );
    const checked = validateRecords(records, "Europe/Stockholm", now);
    expect(checked.ok && checked.slots).toMatchObject([
      { minutes: 90, kind: "samarbetssamtal", mode: "fysiskt", location: "Storgatan 1" },
      { minutes: 60, kind: "informationssamtal", mode: "digitalt", location: null },
    ]);
  });

  it("names every bad record and imports none of them", () => {
    const records = readRecords(
      "times.json",
      JSON.stringify([
        { date: "2026-03-03", time: "10:00", minutes: 60, kind: "samarbetssamtal", mode: "fysiskt", location: "X" },
        { date: "2026-02-01", time: "10:00", minutes: 60, kind: "samarbetssamtal", mode: "digitalt" },
        { date: "2026-03-03", time: "10:00", minutes: 60, kind: "kaffe", mode: "fysiskt" },
        { date: "2026-03-03", time: "10:00", minutes: 60, kind: "samarbetssamtal", mode: "fysiskt" },
      ]),
    );
    const checked = validateRecords(records, "Europe/Stockholm", now);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.some((p) => p.startsWith("record 2: the time has already passed"))).toBe(true);
    expect(checked.problems.some((p) => p.startsWith("record 3: kind"))).toBe(true);
    expect(checked.problems.some((p) => p.startsWith("record 4: location"))).toBe(true);
    expect(checked.problems.some((p) => p.startsWith("record 1"))).toBe(false);
  });
});
