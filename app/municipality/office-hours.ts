import { dateTimeFormat, listFormat } from "~/i18n/intl-formats";
import { intlLocale, type LanguageCode } from "~/i18n/languages";
import type { OpeningPeriod } from "./municipality";

const MINUTES = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the reception is open at `now` in the municipality's time zone. */
export function isOfficeOpen(periods: OpeningPeriod[], now: Date, timeZone: string): boolean {
  const parts = dateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday")) + 1;
  const minutes = Number(get("hour")) * 60 + Number(get("minute"));
  return periods.some((p) => p.days.includes(weekday) && minutes >= MINUTES(p.opens) && minutes < MINUTES(p.closes));
}

/**
 * The lines for each municipality's opening hours, per language: the same for everyone and
 * unchanged while the portal runs (the hours come from configuration read at start-up).
 */
const described = new WeakMap<OpeningPeriod[], Map<LanguageCode, string[]>>();

/** Lines such as "Måndag–fredag 08:00–12:00 och 13:00–16:30", in the reader's language. */
export function describeOfficeHours(periods: OpeningPeriod[], language: LanguageCode): string[] {
  let byLanguage = described.get(periods);
  if (!byLanguage) described.set(periods, (byLanguage = new Map()));
  let lines = byLanguage.get(language);
  if (!lines) byLanguage.set(language, (lines = describe(periods, language)));
  return [...lines];
}

function describe(periods: OpeningPeriod[], language: LanguageCode): string[] {
  const locale = intlLocale(language);
  const groups = new Map<string, OpeningPeriod[]>();
  for (const period of periods) {
    const key = [...period.days].sort().join(",");
    groups.set(key, [...(groups.get(key) ?? []), period]);
  }
  const list = listFormat(locale, { type: "conjunction" });
  return [...groups.entries()].map(([key, group]) => {
    const days = key.split(",").map(Number);
    const times = group
      .sort((a, b) => a.opens.localeCompare(b.opens))
      // Isolated left-to-right, or "08:00–12:00" shows as "12:00–08:00" in Arabic and Persian.
      // Word joiners keep a range on one line.
      .map((p) => `\u2066${clock(p.opens, locale)}\u2060–\u2060${clock(p.closes, locale)}\u2069`);
    return `${capitalise(dayLabel(days, locale), locale)} ${list.format(times)}`;
  });
}

function dayLabel(days: number[], locale: string): string {
  const name = (day: number) =>
    dateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, day)));
  const consecutive = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  if (days.length >= 3 && consecutive) return `${name(days[0]!)}–${name(days.at(-1)!)}`;
  return listFormat(locale, { type: "conjunction" }).format(days.map(name));
}

function clock(hhmm: string, locale: string): string {
  return dateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(2024, 0, 1, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)))));
}

function capitalise(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
