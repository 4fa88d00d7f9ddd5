import type { Breakdown, Fact, FigureRow, Share } from "./figures";

/**
 * What an e-service adds to the follow-up figures (docs/decisions/024): its own figures of a month,
 * computed from the facts of its own submissions, and how the console shows them — as blocks the
 * follow-up page draws in order, rows of the CSV export, headline cards on the console's start
 * page and the definitions listed under the page. The console draws whatever the registry's
 * modules provide and names no service. Texts are i18next keys with their namespace
 * ("staff:figures.fs.eServiceChart").
 */
export interface ServiceFigures<T = unknown> {
  /** Its figures of one month, from the facts of its submissions that arrived in that month. */
  compute: (facts: readonly Fact[]) => T;
  /** Its section of the follow-up page, from the months shown (oldest first). */
  blocks: (months: readonly MonthOf<T>[]) => FigureBlock[];
  /** Its rows of the CSV export for one month. */
  rows: (month: MonthOf<T>) => FigureRow[];
  /** The shares the console's start page shows for this month, with their targets. */
  headline: (figures: T) => Headline[];
  /** How its figures are defined, as text keys, listed under the page. */
  definitions: readonly string[];
}

export interface MonthOf<T> {
  month: string;
  figures: T;
}

/**
 * A service's figures typed by what its `compute` returns; the console hands each function what
 * the same service computed, so the registry can hold every service's alike (as `receiptPage` does
 * for receipt pages).
 */
export const serviceFigures = <T>(own: ServiceFigures<T>): ServiceFigures => own as unknown as ServiceFigures;

/** A headline card: a share of this month against its target. */
export interface Headline {
  /** The card's title, a text key. */
  title: string;
  share: Share;
  target: number;
}

/** How a column's values are written: a count, a share as a percentage, or minutes as a duration. */
export type ValueFormat = "number" | "percent" | "duration";

/** A share by month: a bar chart and the table that carries the same figures. */
export interface ShareBlock {
  kind: "share";
  /** Unique on the page: the chart's and the table's ids are made from it. */
  id: string;
  chart: string;
  table: string;
  /** The share of each month shown. */
  shares: Share[];
  target: number | null;
  /** The chart's series when it shows more than the share alone (by month). */
  series: { label: string; values: (number | null)[] }[] | null;
  /** Columns of the table after the share's numerator, denominator and share. */
  columns: { header: string; format: ValueFormat; values: (number | null)[] }[];
}

/** A sub-heading within a service's section, with an optional paragraph under it. */
export interface HeadingBlock {
  kind: "heading";
  title: string;
  intro: string | null;
}

/** A breakdown added up over the months shown: each group's e-service share. */
export interface BreakdownBlock {
  kind: "breakdown";
  id: string;
  caption: string;
  groups: Breakdown[];
  /**
   * How a group is named: by a text key under this prefix (the code itself when there is none),
   * or as one of the municipality's school and preschool units.
   */
  names: { prefix: string } | "units";
}

export type FigureBlock = ShareBlock | HeadingBlock | BreakdownBlock;

/** Adds up breakdowns over months: each group's e-service submissions and all its submissions. */
export function sumBreakdowns(months: readonly (readonly Breakdown[])[]): Breakdown[] {
  const totals = new Map<string, { numerator: number; denominator: number }>();
  for (const list of months)
    for (const b of list) {
      const t = totals.get(b.key) ?? { numerator: 0, denominator: 0 };
      t.numerator += b.share.numerator;
      t.denominator += b.share.denominator;
      totals.set(b.key, t);
    }
  return [...totals].map(([key, t]) => ({
    key,
    share: { ...t, share: t.denominator ? t.numerator / t.denominator : null },
  }));
}

/** A share block with the share alone in its chart (the common case). */
export const shareBlock = (
  spec: Pick<ShareBlock, "id" | "chart" | "table" | "shares"> &
    Partial<Pick<ShareBlock, "target" | "series" | "columns">>,
): ShareBlock => ({ kind: "share", target: null, series: null, columns: [], ...spec });

/** A row of the CSV export: a share's parts, so a spreadsheet can recompute it. */
export const shareRow = (
  month: string,
  service: string,
  figure: string,
  s: Share,
  group = "",
  target: number | null = null,
): FigureRow => ({
  month,
  service,
  figure,
  group,
  numerator: s.numerator,
  denominator: s.denominator,
  value: s.share,
  target,
});

/** A row of the CSV export holding one value (a count or minutes). */
export const valueRow = (
  month: string,
  service: string,
  figure: string,
  value: number | null,
  group = "",
): FigureRow => ({
  month,
  service,
  figure,
  group,
  numerator: null,
  denominator: null,
  value,
  target: null,
});
