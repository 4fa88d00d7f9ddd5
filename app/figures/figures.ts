import { shareRow, valueRow, type ServiceFigures } from "./service-figures";

/**
 * The follow-up figures the social services committee follows (DOMAIN.md), per month and
 * e-service, computed from one fact per submission that arrived (facts.server.ts). Pure, so the
 * definitions below are tested on hand-computed data. A submission belongs to the month of its
 * arrival (submitted_at: when it counts as received, after every co-applicant confirmed), in the
 * municipality's time zone.
 *
 * Definitions common to every e-service (each service defines its own figures in its folder's
 * figures.ts, registered as the module's `figures`: service-figures.ts):
 * - Submissions by channel: arrivals per e-service and channel (e-service, assisted, paper).
 * - Time to registration by the robot: from arrival to the robot's completion with a case number
 *   (median and 95th percentile); submissions registered by hand are counted apart.
 * - Use of messages: of the submissions sent by an identified person, those where the person
 *   wrote at least one message; and the number of messages each way.
 * Median: the middle value (the mean of the two middle values for an even count). 95th
 * percentile: nearest rank (the value at rank ⌈0.95·n⌉ of the sorted values).
 */

export const channels = ["e-service", "assisted", "paper"] as const;
export type Channel = (typeof channels)[number];

export interface Fact {
  submissionId: string;
  serviceId: string;
  channel: Channel;
  submittedAt: Date;
  acute: boolean;
  /** Sent by (or on behalf of) a person with a personnummer: someone messages can reach. */
  identified: boolean;
  /** The robot's first claim of the submission's own queue item. */
  firstClaimAt: Date | null;
  registeredAt: Date | null;
  registeredBy: "robot" | "staff" | null;
  messagesFromPerson: number;
  messagesToPerson: number;
  /** Försörjningsstöd: "all" | "some" | "none" | "not_asked". */
  documentsAttached: string | null;
  /** Orosanmälan: "yrkesperson" | "privatperson". */
  reporter: string | null;
  /** Orosanmälan: the kind of organisation a professional reports from. */
  organisation: string | null;
  /** Orosanmälan: the school or preschool's unit id (or "annan"). */
  unit: string | null;
  /** Orosanmälan: "barn" | "vuxen". */
  about: string | null;
  /** Samarbetssamtal: which side of a booking request this submission is. */
  bookingParty: "requester" | "invitee" | null;
  requestedAt: Date | null;
  firstTalkAt: Date | null;
}

export interface Share {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator; null when there is nothing to divide by. */
  share: number | null;
}

export interface Durations {
  count: number;
  medianMinutes: number | null;
  p95Minutes: number | null;
}

export interface Breakdown {
  key: string;
  share: Share;
}

export interface ServiceMonth {
  total: number;
  byChannel: Record<Channel, number>;
  eService: Share;
  registration: { byRobot: Durations; byHand: number };
  messages: { withMessage: Share; fromPerson: number; toPerson: number };
}

export interface MonthFigures {
  month: string;
  services: Record<string, ServiceMonth>;
  /** Each contributing service's own figures, as its `compute` returned them (service-figures.ts). */
  own: Record<string, unknown>;
}

export const share = (numerator: number, denominator: number): Share => ({
  numerator,
  denominator,
  share: denominator ? numerator / denominator : null,
});

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile by nearest rank: the value at rank ⌈p/100·n⌉ of the sorted values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export const durations = (minutes: readonly number[]): Durations => ({
  count: minutes.length,
  medianMinutes: median(minutes),
  p95Minutes: percentile(minutes, 95),
});

export const minutesBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 60_000;

/** "2026-03": the month of an instant in a time zone. */
export function monthOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(
    instant,
  );
  return `${parts.find((p) => p.type === "year")!.value}-${parts.find((p) => p.type === "month")!.value}`;
}

export const isMonth = (value: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The month after "2026-12" is "2027-01". */
export function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** Every month from `first` to `last`, both included (at most 36). */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last && out.length < 36; m = nextMonth(m)) out.push(m);
  return out;
}

/** Each group's share of submissions through the e-service, by the key a fact belongs to. */
export function breakdown(facts: readonly Fact[], keyOf: (f: Fact) => string | null): Breakdown[] {
  const keys = [...new Set(facts.map(keyOf).filter((k): k is string => k !== null))].sort();
  return keys.map((key) => {
    const group = facts.filter((f) => keyOf(f) === key);
    return { key, share: share(group.filter((f) => f.channel === "e-service").length, group.length) };
  });
}

function serviceMonth(facts: readonly Fact[]): ServiceMonth {
  const byChannel = Object.fromEntries(channels.map((c) => [c, facts.filter((f) => f.channel === c).length])) as Record<
    Channel,
    number
  >;
  const byRobot = facts
    .filter((f) => f.registeredBy === "robot" && f.registeredAt)
    .map((f) => minutesBetween(f.submittedAt, f.registeredAt!));
  const identified = facts.filter((f) => f.identified);
  return {
    total: facts.length,
    byChannel,
    eService: share(byChannel["e-service"], facts.length),
    registration: { byRobot: durations(byRobot), byHand: facts.filter((f) => f.registeredBy === "staff").length },
    messages: {
      withMessage: share(identified.filter((f) => f.messagesFromPerson > 0).length, identified.length),
      fromPerson: facts.reduce((n, f) => n + f.messagesFromPerson, 0),
      toPerson: facts.reduce((n, f) => n + f.messagesToPerson, 0),
    },
  };
}

/**
 * The figures of each month, for the given e-services (every one named gets an entry, empty or
 * not, and those that contribute figures of their own get those too).
 */
export function computeFigures(
  facts: readonly Fact[],
  months: readonly string[],
  serviceIds: readonly string[],
  timeZone: string,
  contributions: Readonly<Record<string, ServiceFigures>>,
): MonthFigures[] {
  const byMonth = new Map<string, Fact[]>(months.map((m) => [m, []]));
  for (const fact of facts) byMonth.get(monthOf(fact.submittedAt, timeZone))?.push(fact);
  return months.map((month) => {
    const all = byMonth.get(month)!;
    const of = (serviceId: string) => all.filter((f) => f.serviceId === serviceId);
    return {
      month,
      services: Object.fromEntries(serviceIds.map((id) => [id, serviceMonth(of(id))])),
      own: Object.fromEntries(
        serviceIds.flatMap((id) => {
          const own = contributions[id];
          return own ? [[id, own.compute(of(id))]] : [];
        }),
      ),
    };
  });
}

/** One line of the CSV export: a figure's parts, so a spreadsheet can recompute it. */
export interface FigureRow {
  month: string;
  service: string;
  figure: string;
  group: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number | null;
}

/** Every figure of every month as rows (long format), in a stable order. */
export function figureRows(
  figures: readonly MonthFigures[],
  contributions: Readonly<Record<string, ServiceFigures>>,
): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const m of figures) {
    for (const [service, s] of Object.entries(m.services)) {
      for (const channel of channels)
        rows.push(valueRow(m.month, service, "submissions", s.byChannel[channel], channel));
      rows.push(valueRow(m.month, service, "registration_minutes_median", s.registration.byRobot.medianMinutes));
      rows.push(valueRow(m.month, service, "registration_minutes_p95", s.registration.byRobot.p95Minutes));
      rows.push(valueRow(m.month, service, "registered_by_robot", s.registration.byRobot.count));
      rows.push(valueRow(m.month, service, "registered_by_hand", s.registration.byHand));
      rows.push(shareRow(m.month, service, "messages_used_share", s.messages.withMessage));
      rows.push(valueRow(m.month, service, "messages_from_person", s.messages.fromPerson));
      rows.push(valueRow(m.month, service, "messages_to_person", s.messages.toPerson));
    }
    for (const [service, figures] of Object.entries(m.own))
      rows.push(...contributions[service]!.rows({ month: m.month, figures }));
  }
  return rows;
}
