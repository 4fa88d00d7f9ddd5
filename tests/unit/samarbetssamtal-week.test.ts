import { describe, expect, it } from "vitest";
import { localDay, localTime } from "~/municipality/time";
import { parseWeekForm } from "~/e-services/samarbetssamtal/week-input";

const TZ = "Europe/Stockholm";
const NOW = new Date("2027-01-01T00:00:00Z");
const form = (over: Record<string, string | string[]> = {}) => {
  const values: Record<string, string | string[]> = {
    from: "2027-03-22",
    to: "2027-03-28",
    weekdays: ["1", "2", "3", "4", "5"],
    dayStart: "08:30",
    dayEnd: "16:30",
    breakStart: "12:00",
    breakEnd: "13:00",
    minutes: "60",
    kind: "samarbetssamtal",
    mode: "digitalt",
    location: "",
    ...over,
  };
  const f = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) for (const one of [v].flat()) f.append(k, one);
  return f;
};

describe("a normal week in one form", () => {
  it("fills each chosen day back to back, skipping the break and stopping before the end of the day", () => {
    const result = parseWeekForm(form(), TZ, NOW);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const monday = result.slots
      .filter((s) => localDay(s.startsAt, TZ) === "2027-03-22")
      .map((s) => localTime(s.startsAt, TZ));
    // 11:30–12:30 would overlap lunch: the next talk starts when the break ends.
    expect(monday).toEqual(["08:30", "09:30", "10:30", "13:00", "14:00", "15:00"]);
    expect(new Set(result.slots.map((s) => localDay(s.startsAt, TZ))).size).toBe(5);
    expect(result.slots.every((s) => s.location === null && s.mode === "digitalt")).toBe(true);
  });

  it("leaves out the hour skipped when summer time begins, and times already past", () => {
    const night = parseWeekForm(
      form({
        from: "2027-03-28",
        to: "2027-03-28",
        weekdays: ["7"],
        dayStart: "01:00",
        dayEnd: "04:00",
        breakStart: "",
        breakEnd: "",
      }),
      TZ,
      NOW,
    );
    if (!night.ok) throw new Error(JSON.stringify(night.errors));
    expect(night.slots.map((s) => localTime(s.startsAt, TZ))).toEqual(["01:00", "03:00"]);
    const late = parseWeekForm(form({ from: "2027-03-22", to: "2027-03-22" }), TZ, new Date("2027-03-22T12:30:00Z"));
    if (!late.ok) throw new Error(JSON.stringify(late.errors));
    expect(late.slots.map((s) => localTime(s.startsAt, TZ))).toEqual(["14:00", "15:00"]);
  });

  it("refuses what cannot be published, naming the field", () => {
    const refused = (over: Record<string, string | string[]>) => {
      const r = parseWeekForm(form(over), TZ, NOW);
      return r.ok ? null : r.errors;
    };
    expect(refused({ from: "2027-02-31" })).toEqual({ from: "invalid" });
    expect(refused({ to: "2027-03-01" })).toEqual({ to: "range" });
    expect(refused({ to: "2027-12-31" })).toEqual({ to: "range" });
    expect(refused({ weekdays: ["8"] })).toEqual({ weekdays: "invalid" });
    expect(refused({ breakEnd: "" })).toEqual({ breakEnd: "required" });
    expect(refused({ breakStart: "07:00" })).toEqual({ breakEnd: "order" });
    expect(refused({ dayStart: "25:00" })).toEqual({ dayStart: "invalid" });
    expect(refused({ minutes: "480" })).toEqual({ minutes: "tooLong" });
    expect(refused({ mode: "fysiskt" })).toEqual({ location: "required" });
    expect(refused({ weekdays: ["6"], to: "2027-03-26" })).toEqual({ from: "none" });
  });
});
