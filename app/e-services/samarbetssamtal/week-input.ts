import { z } from "zod";
import type { NewSlot } from "./unit-actions.server";
import { zonedInstant } from "~/municipality/time";
import { slotModes, talkKinds } from "./slots";

/**
 * A normal week in one form: the weekdays, the day's hours with one break (lunch), the length of
 * a talk and where it is held, over a date range. Talks follow each other from the start of the
 * day; none overlaps the break or runs past the end of the day.
 */

/** ISO weekday numbers, Monday 1 to Sunday 7. */
export const weekdays = ["1", "2", "3", "4", "5", "6", "7"] as const;

export const WEEK_FIELDS = [
  "from",
  "to",
  "weekdays",
  "dayStart",
  "dayEnd",
  "breakStart",
  "breakEnd",
  "minutes",
  "kind",
  "mode",
  "location",
] as const;
export type WeekField = (typeof WEEK_FIELDS)[number];
export type WeekFormErrors = Partial<Record<WeekField, string>>;

/** At most this many days in one go, and this many talks (a half-year of full days). */
export const MAX_RANGE_DAYS = 183;
export const MAX_WEEK_SLOTS = 1500;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const minutesOf = (time: string) => {
  const [, h, m] = TIME.exec(time)!;
  return Number(h) * 60 + Number(m);
};
const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

const schema = z.object({
  from: z.string().regex(DAY),
  to: z.string().regex(DAY),
  dayStart: z.string().regex(TIME),
  dayEnd: z.string().regex(TIME),
  breakStart: z.union([z.literal(""), z.string().regex(TIME)]),
  breakEnd: z.union([z.literal(""), z.string().regex(TIME)]),
  minutes: z.coerce.number().int().min(15).max(480),
  kind: z.enum(talkKinds),
  mode: z.enum(slotModes),
  location: z.string().max(200),
});

const dayNumber = (day: string) => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  // A date like 2026-02-31 rolls over: refuse it rather than publish on another day.
  return new Date(t).toISOString().slice(0, 10) === day ? t / 86_400_000 : NaN;
};

export function parseWeekForm(
  form: URLSearchParams,
  timeZone: string,
  now: Date,
): { ok: true; slots: NewSlot[] } | { ok: false; errors: WeekFormErrors; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const name of WEEK_FIELDS) if (name !== "weekdays") values[name] = (form.get(name) ?? "").trim().slice(0, 200);
  const chosen = [...new Set(form.getAll("weekdays"))];
  values.weekdays = chosen.join(",").slice(0, 20);
  const errors: WeekFormErrors = {};
  const parsed = schema.safeParse(values);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as WeekField;
      errors[field] ??= values[field] ? "invalid" : "required";
    }
  if (chosen.length === 0) errors.weekdays = "required";
  else if (chosen.some((d) => !(weekdays as readonly string[]).includes(d))) errors.weekdays = "invalid";
  if (!parsed.success) return { ok: false, errors, values };

  const w = parsed.data;
  const from = dayNumber(w.from);
  const to = dayNumber(w.to);
  if (Number.isNaN(from)) errors.from = "invalid";
  if (Number.isNaN(to)) errors.to = "invalid";
  else if (!Number.isNaN(from) && (to < from || to - from >= MAX_RANGE_DAYS)) errors.to = "range";
  const start = minutesOf(w.dayStart);
  const end = minutesOf(w.dayEnd);
  if (end <= start) errors.dayEnd = "order";
  if (!!w.breakStart !== !!w.breakEnd) errors[w.breakStart ? "breakEnd" : "breakStart"] = "required";
  const pause = w.breakStart && w.breakEnd ? { from: minutesOf(w.breakStart), to: minutesOf(w.breakEnd) } : null;
  if (pause && end > start && (pause.to <= pause.from || pause.from < start || pause.to > end))
    errors.breakEnd = "order";
  if (w.mode === "fysiskt" && !w.location) errors.location = "required";
  if (Object.keys(errors).length) return { ok: false, errors, values };

  // The day's talks: back to back from the start, never overlapping the break or past the end.
  const times: number[] = [];
  for (let t = start; t + w.minutes <= end;) {
    if (pause && t < pause.to && t + w.minutes > pause.from) {
      t = pause.to;
      continue;
    }
    times.push(t);
    t += w.minutes;
  }
  if (times.length === 0) return { ok: false, errors: { minutes: "tooLong" }, values };

  const slots: NewSlot[] = [];
  for (let day = from; day <= to; day++) {
    const date = new Date(day * 86_400_000);
    const iso = String(date.getUTCDay() === 0 ? 7 : date.getUTCDay());
    if (!chosen.includes(iso)) continue;
    for (const t of times) {
      const startsAt = zonedInstant(date.toISOString().slice(0, 10), clock(t), timeZone);
      // The hour skipped when summer time begins does not exist: no talk then. Past times are left out.
      if (!startsAt || startsAt <= now) continue;
      slots.push({
        startsAt,
        minutes: w.minutes,
        kind: w.kind,
        mode: w.mode,
        location: w.mode === "fysiskt" ? w.location : null,
      });
    }
  }
  if (slots.length === 0) return { ok: false, errors: { from: "none" }, values };
  if (slots.length > MAX_WEEK_SLOTS) return { ok: false, errors: { to: "tooMany" }, values };
  return { ok: true, slots };
}
