import {
  CHILD_BANDS,
  LUNCH_BANDS,
  RIKSNORM_TABLES,
  sameFigures,
  type ChildBand,
  type LunchBand,
  type RiksnormTable,
  type SharedCostsOneToSeven,
} from "./riksnorm-tables";

/**
 * A year's riksnorm table as an administrator types it in the staff console: every figure of the
 * ordinance's table, the two totals typed from the government's announcement, and who announced
 * it, when and where it was read. Pure: the console's page (./staff/riksnorm-pages.server.ts) shows the fields
 * and problems, riksnorm-store.server.ts stores what passes.
 *
 * The check that matters: the table's own single-person total (single adult + shared costs for
 * one person) and couple total (cohabiting couple + shared costs for two) must equal the totals
 * typed from the announcement, so a mistyped adult or shared-cost figure cannot be published.
 * The other checks are the ordinance's shape (the same the shipped tables and RIKSNORM_FILE are
 * held to): a child without lunch costs less than with lunch, shared costs grow with every
 * person, and the step above 7 persons is the difference between 6 and 7.
 */

const SHARED_PERSONS = [1, 2, 3, 4, 5, 6, 7] as const;

export type FigureField =
  | `children.${ChildBand}`
  | `childrenWithoutLunch.${LunchBand}`
  | "adults.single"
  | "adults.cohabitingCouple"
  | `sharedCosts.${(typeof SHARED_PERSONS)[number]}`
  | "sharedCostsPerPersonAbove7";

/** Every figure of a table, in the order the ordinance prints them. */
export const FIGURE_FIELDS: readonly FigureField[] = [
  ...CHILD_BANDS.map((band) => `children.${band}` as const),
  ...LUNCH_BANDS.map((band) => `childrenWithoutLunch.${band}` as const),
  "adults.single",
  "adults.cohabitingCouple",
  ...SHARED_PERSONS.map((n) => `sharedCosts.${n}` as const),
  "sharedCostsPerPersonAbove7",
];

export const ANNOUNCEMENT_FIELDS = [
  "announcedSingle",
  "announcedCouple",
  "announcedBy",
  "announcedOn",
  "sourceUrl",
] as const;
export type AnnouncementField = (typeof ANNOUNCEMENT_FIELDS)[number];

/** "year" carries problems about the table as a whole. */
export type EntryField = FigureField | AnnouncementField | "year";

export type RiksnormFigures = Omit<RiksnormTable, "year" | "source">;

export interface RiksnormEntry {
  year: number;
  figures: RiksnormFigures;
  announced: { single: number; couple: number };
  announcedBy: string;
  /** YYYY-MM-DD */
  announcedOn: string;
  sourceUrl: string;
}

export type EntryProblem =
  | { code: "required" }
  | { code: "not_kronor" }
  | { code: "too_long"; max: number }
  | { code: "not_a_date" }
  | { code: "not_https" }
  | { code: "not_below_with_lunch"; withLunch: number }
  | { code: "not_growing"; fewer: number }
  | { code: "not_difference_6_7"; expected: number }
  /** The table's total minus the announced one: positive when the table gives more. */
  | { code: "total_differs"; computed: number; announced: number; difference: number }
  | { code: "shipped_year_differs" };

export type EntryCheck =
  { ok: true; entry: RiksnormEntry } | { ok: false; problems: Partial<Record<EntryField, EntryProblem>> };

/** A figure of a table by its field name. */
export function figureOf(figures: RiksnormFigures, field: FigureField): number {
  const [group, key] = field.split(".") as [string, string | undefined];
  switch (group) {
    case "children":
      return figures.children[key as ChildBand];
    case "childrenWithoutLunch":
      return figures.childrenWithoutLunch[key as LunchBand];
    case "adults":
      return figures.adults[key as "single" | "cohabitingCouple"];
    case "sharedCosts":
      return figures.sharedCosts[Number(key) - 1]!;
    default:
      return figures.sharedCostsPerPersonAbove7;
  }
}

/** The announcement's totals as the table computes them. */
export const totalsOf = (figures: RiksnormFigures) => ({
  single: figures.adults.single + figures.sharedCosts[0],
  couple: figures.adults.cohabitingCouple + figures.sharedCosts[1],
});

/** Whole kronor as staff type them: "5220", "5 220" (spaces as thousands separators) or "5 220 kr". */
function kronor(value: string | undefined): number | EntryProblem {
  const text = (value ?? "").replace(/[\s\u00a0\u202f]/g, "").replace(/kr\.?$/i, "");
  if (text === "") return { code: "required" };
  if (!/^\d{1,6}$/.test(text)) return { code: "not_kronor" };
  const amount = Number(text);
  return amount >= 1 && amount <= 100_000 ? amount : { code: "not_kronor" };
}

function realDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

function httpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Checks what was typed for a year. Every problem is returned at once, each on its field, so the
 * form can show them all; the totals are compared only when the figures they need are readable.
 */
export function checkRiksnormEntry(year: number, input: Readonly<Record<string, string | undefined>>): EntryCheck {
  const problems: Partial<Record<EntryField, EntryProblem>> = {};
  const amounts = new Map<FigureField, number>();
  for (const field of FIGURE_FIELDS) {
    const parsed = kronor(input[field]);
    if (typeof parsed === "number") amounts.set(field, parsed);
    else problems[field] = parsed;
  }
  const amount = (field: FigureField) => amounts.get(field);

  for (const band of LUNCH_BANDS) {
    const without = amount(`childrenWithoutLunch.${band}`);
    const withLunch = amount(`children.${band}`);
    if (without !== undefined && withLunch !== undefined && without >= withLunch)
      problems[`childrenWithoutLunch.${band}`] = { code: "not_below_with_lunch", withLunch };
  }
  for (const n of SHARED_PERSONS.slice(1)) {
    const these = amount(`sharedCosts.${n}`);
    const fewer = amount(`sharedCosts.${(n - 1) as (typeof SHARED_PERSONS)[number]}`);
    if (these !== undefined && fewer !== undefined && these <= fewer)
      problems[`sharedCosts.${n}`] ??= { code: "not_growing", fewer };
  }
  const six = amount("sharedCosts.6");
  const seven = amount("sharedCosts.7");
  const step = amount("sharedCostsPerPersonAbove7");
  if (six !== undefined && seven !== undefined && step !== undefined && step !== seven - six)
    problems.sharedCostsPerPersonAbove7 = { code: "not_difference_6_7", expected: seven - six };

  const announced = { single: kronor(input.announcedSingle), couple: kronor(input.announcedCouple) };
  const compare = (
    field: AnnouncementField,
    adults: FigureField,
    shared: FigureField,
    typed: number | EntryProblem,
  ) => {
    if (typeof typed !== "number") return (problems[field] = typed);
    const a = amount(adults);
    const s = amount(shared);
    if (a === undefined || s === undefined) return;
    if (a + s !== typed)
      problems[field] = { code: "total_differs", computed: a + s, announced: typed, difference: a + s - typed };
  };
  compare("announcedSingle", "adults.single", "sharedCosts.1", announced.single);
  compare("announcedCouple", "adults.cohabitingCouple", "sharedCosts.2", announced.couple);

  const announcedBy = (input.announcedBy ?? "").trim();
  if (!announcedBy) problems.announcedBy = { code: "required" };
  else if (announcedBy.length > 200) problems.announcedBy = { code: "too_long", max: 200 };
  const announcedOn = (input.announcedOn ?? "").trim();
  if (!announcedOn) problems.announcedOn = { code: "required" };
  else if (!realDate(announcedOn)) problems.announcedOn = { code: "not_a_date" };
  const sourceUrl = (input.sourceUrl ?? "").trim();
  if (!sourceUrl) problems.sourceUrl = { code: "required" };
  else if (sourceUrl.length > 500) problems.sourceUrl = { code: "too_long", max: 500 };
  else if (!httpsUrl(sourceUrl)) problems.sourceUrl = { code: "not_https" };

  if (Object.keys(problems).length) return { ok: false, problems };

  const n = (field: FigureField) => amounts.get(field)!;
  const figures: RiksnormFigures = {
    children: Object.fromEntries(CHILD_BANDS.map((band) => [band, n(`children.${band}`)])) as Record<ChildBand, number>,
    childrenWithoutLunch: Object.fromEntries(
      LUNCH_BANDS.map((band) => [band, n(`childrenWithoutLunch.${band}`)]),
    ) as Record<LunchBand, number>,
    adults: { single: n("adults.single"), cohabitingCouple: n("adults.cohabitingCouple") },
    sharedCosts: SHARED_PERSONS.map((p) => n(`sharedCosts.${p}`)) as unknown as SharedCostsOneToSeven,
    sharedCostsPerPersonAbove7: n("sharedCostsPerPersonAbove7"),
  };
  const entry: RiksnormEntry = {
    year,
    figures,
    announced: { single: announced.single as number, couple: announced.couple as number },
    announcedBy,
    announcedOn,
    sourceUrl,
  };
  // A year the portal ships was verified against the ordinance: the console may not change it.
  const shipped = RIKSNORM_TABLES.find((t) => t.year === year);
  if (shipped && !sameFigures(shipped, tableFromEntry(entry)))
    return { ok: false, problems: { year: { code: "shipped_year_differs" } } };
  return { ok: true, entry };
}

/** The form's values for a table: every figure, as the field shows it. */
export function fieldsOf(figures: RiksnormFigures): Record<FigureField, string> {
  return Object.fromEntries(FIGURE_FIELDS.map((field) => [field, String(figureOf(figures, field))])) as Record<
    FigureField,
    string
  >;
}

/** The entry as the calculation reads a table, naming the announcement as its source. */
export function tableFromEntry(entry: RiksnormEntry): RiksnormTable {
  return {
    year: entry.year,
    source: {
      provision: "2 kap. 1 § socialtjänstförordningen (2001:937)",
      amendment: null,
      readFrom: [
        {
          publisher: entry.announcedBy,
          title: `Riksnormen för ${entry.year}, inskriven i personalens konsol (tillkännagiven ${entry.announcedOn})`,
          url: entry.sourceUrl,
        },
      ],
      note:
        "Typed by the municipality's administrator and checked against the announced totals " +
        `(single adult ${entry.announced.single} kr, cohabiting couple ${entry.announced.couple} kr).`,
    },
    ...entry.figures,
  };
}
