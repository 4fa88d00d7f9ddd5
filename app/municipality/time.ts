/**
 * Wall-clock dates and times in the municipality's time zone: what staff type into forms and read
 * in lists, and what a resident is offered. Pure, shared by every layer (the engine, e-services,
 * the staff console).
 */

/** The municipality's time zone. */
export const TIME_ZONE = "Europe/Stockholm";

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function localDay(instant: Date, timeZone = TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The wall-clock time of an instant in a time zone, as HH:MM. */
export function localTime(instant: Date, timeZone = TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("hour")}:${get("minute")}`;
}

/** The offset (ms) of a time zone from UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a wall-clock date and time in a time zone ("2026-03-03", "10:00"), or null when
 * either is malformed or names a time that does not exist (the hour skipped in spring).
 */
export function zonedInstant(day: string, time: string, timeZone = TIME_ZONE): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, m, dd, hh, mm] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hh > 23 || mm > 59) return null;
  const wall = Date.UTC(y, m - 1, dd, hh, mm);
  if (new Date(wall).getUTCDate() !== dd) return null;
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  const instant = new Date(guess);
  if (localDay(instant, timeZone) !== day || localTime(instant, timeZone) !== `${t[1]!.padStart(2, "0")}:${t[2]}`)
    return null;
  return instant;
}

/** "2026-03-03" plus n days, as a calendar date (no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
