import { localDay, localTime, TIME_ZONE } from "~/municipality/time";

/**
 * Pure rules about bookable times, shared by the server and the pages: how long a talk must be,
 * the 14-day target, and the free times grouped by day in the municipality's time zone.
 */

export const talkKinds = ["samarbetssamtal", "informationssamtal"] as const;
export type TalkKind = (typeof talkKinds)[number];

export const slotModes = ["fysiskt", "digitalt"] as const;
export type SlotMode = (typeof slotModes)[number];

/** The law expects the first talk to be offered within this many days of the request. */
export const TARGET_DAYS = 14;

/** A talk's ordinary length, and what an interpreter adds (each talk about 30 minutes longer). */
export const STANDARD_MINUTES = 60;
export const INTERPRETER_EXTRA_MINUTES = 30;

/** How far ahead free times are offered. */
export const HORIZON_DAYS = 60;

export const minutesNeeded = (interpreter: boolean) => STANDARD_MINUTES + (interpreter ? INTERPRETER_EXTRA_MINUTES : 0);

/** The family-law unit books in the municipality's time zone; the receipt uses the same. */
export { TIME_ZONE };

const DAY_MS = 86_400_000;

/** True when a talk starting at `start` lies within the 14-day target of a request made at `requestedAt`. */
export function withinTarget(requestedAt: Date, start: Date, days = TARGET_DAYS): boolean {
  return start.getTime() - requestedAt.getTime() <= days * DAY_MS;
}

export interface SlotView {
  id: string;
  /** ISO instant. */
  startsAt: string;
  minutes: number;
  mode: SlotMode;
  /** The address of a physical talk; null when digital or when it must not be shown. */
  location: string | null;
}

export interface DayGroup {
  /** YYYY-MM-DD in the unit's time zone: the legend of the day's fieldset. */
  day: string;
  slots: SlotView[];
}

/** Free times sorted by start and grouped by local day; the first free time comes first. */
export function groupByDay(slots: readonly SlotView[], timeZone = TIME_ZONE): DayGroup[] {
  const sorted = [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const groups: DayGroup[] = [];
  for (const slot of sorted) {
    const day = localDay(new Date(slot.startsAt), timeZone);
    const last = groups.at(-1);
    if (last?.day === day) last.slots.push(slot);
    else groups.push({ day, slots: [slot] });
  }
  return groups;
}

/**
 * A time as every language reads it, with Western digits: "2026-03-03 10:00–11:00". Stored in
 * the answers, so the receipt shows the same whatever language it is read in.
 */
export function slotLabel(startsAt: Date, minutes: number, timeZone = TIME_ZONE): string {
  const end = new Date(startsAt.getTime() + minutes * 60_000);
  return `${localDay(startsAt, timeZone)} ${localTime(startsAt, timeZone)}–${localTime(end, timeZone)}`;
}

/**
 * 0 or 1: the parity of an instant's local day, counted from 2000-01-01. Once a request is
 * screened, each parent of it books on days of their own parity only, so the two parents' own
 * talks never fall on the same day and neither parent's list of times changes when the other books.
 */
export function dayParity(instant: Date, timeZone = TIME_ZONE): 0 | 1 {
  const [y, m, d] = localDay(instant, timeZone).split("-").map(Number) as [number, number, number];
  const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(2000, 0, 1)) / DAY_MS);
  return (days % 2) as 0 | 1;
}
