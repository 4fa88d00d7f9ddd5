/**
 * The riksnorm (the national norm for försörjningsstöd) as data: one table per calendar year,
 * each with where its figures come from. The government sets the amounts every year in
 * 2 kap. 1 § socialtjänstförordningen (2001:937); the ordinance gives totals per age band and
 * household type, not the breakdown into food, clothes and so on.
 *
 * Only tables whose every figure could be read in a source named below are here. A year
 * without a table is refused by the calculation (see riksnorm.ts), never approximated from
 * another year: an estimate shown to a resident must not rest on invented amounts.
 *
 * Lunch, and which child amount is which. The ordinance has two rows for ages 0–6:
 *  - "med lunch" (Socialstyrelsen: "Summa personliga kostnader"): the HIGHER amount, for a child
 *    who eats every meal, lunch included, at home;
 *  - "ej lunch 5 dagar/vecka" (Socialstyrelsen: "Utan lunch 5 dagar/vecka"): the LOWER amount,
 *    for a child who eats lunch at preschool (or school) on weekdays, so lunch is not in the norm.
 * 2019: 0 years 2 130 with lunch at home, 2 000 without. From age 7 there is one amount only
 * (school lunch is free), so lunch does not change the norm.
 *
 * Adding a year without a release: an administrator types it in the staff console, where it is
 * checked against the announced totals and published (riksnorm-store.server.ts); or, for
 * automation, it is listed in RIKSNORM_FILE (README), read and checked at start-up
 * (riksnorm-file.server.ts) and installed beside these (installRiksnormTables).
 *
 * Adding a year to the code: copy the figures from the amending ordinance (SFS) or Socialstyrelsen's
 * riksnorm page, name the source, and run tests/unit/riksnorm.test.ts, which checks every table's
 * internal consistency and, for 2026, the published totals (single adult 5 220 kr, cohabiting
 * couple 8 510 kr).
 */

/** The table's age bands for children and young people living at home (hemmavarande). */
export const CHILD_BANDS = ["0", "1-2", "3", "4-6", "7-10", "11-14", "15-18", "19-20"] as const;
export type ChildBand = (typeof CHILD_BANDS)[number];

/** The bands that also have a "without lunch" amount. */
export const LUNCH_BANDS = ["0", "1-2", "3", "4-6"] as const;
export type LunchBand = (typeof LUNCH_BANDS)[number];

/** Shared household costs for 1, 2, … 7 persons, in that order. */
export type SharedCostsOneToSeven = readonly [number, number, number, number, number, number, number];

export interface TableSource {
  /** The provision the amounts are set in. */
  provision: string;
  /** The ordinance that set this year's amounts, when it was read; null when it was not found. */
  amendment: { sfs: string; issued: string; readAt: string } | null;
  /** Where the figures were read. */
  readFrom: readonly { publisher: string; title: string; url: string }[];
  /** What is known and not known about this table's provenance. */
  note?: string;
}

export interface RiksnormTable {
  /** The calendar year the amounts apply to (1 January–31 December). */
  year: number;
  source: TableSource;
  /** Personal costs per child, kronor a month: the "med lunch" row, all meals eaten at home. */
  children: Readonly<Record<ChildBand, number>>;
  /** Personal costs per child who eats lunch at preschool/school 5 days a week ("ej lunch 5 dagar/vecka"). */
  childrenWithoutLunch: Readonly<Record<LunchBand, number>>;
  /** Personal costs for adults: one single adult, or a cohabiting couple together (makar/sambor). */
  adults: Readonly<{ single: number; cohabitingCouple: number }>;
  /** Shared household costs by the number of persons in the household, 1–7. */
  sharedCosts: SharedCostsOneToSeven;
  /** Added for each person above 7: by the ordinance, the difference between 6 and 7 persons. */
  sharedCostsPerPersonAbove7: number;
}

const PROVISION_2001_937 = "2 kap. 1 § socialtjänstförordningen (2001:937)";

export const RIKSNORM_TABLES: readonly RiksnormTable[] = [
  {
    year: 2019,
    source: {
      provision: PROVISION_2001_937,
      amendment: null,
      readFrom: [
        {
          publisher: "Socialstyrelsen",
          title: "Riksnormen för försörjningsstöd – Riksnormen för 2019 (gäller från och med 1 januari 2019)",
          url: "https://www.socialstyrelsen.se/ekonomisktbistand/riksnormen",
        },
      ],
      note:
        "Figures as Socialstyrelsen published them while 2019 was current (every item of the 2018 norm +2 %, rounded " +
        "to the nearest ten; the page now shows a later year) and as given in the project's domain brief. The SFS " +
        "number of the ordinance that set them was not verified.",
    },
    children: {
      "0": 2130,
      "1-2": 2380,
      "3": 2120,
      "4-6": 2380,
      "7-10": 2990,
      "11-14": 3440,
      "15-18": 3880,
      "19-20": 3910,
    },
    childrenWithoutLunch: { "0": 2000, "1-2": 2190, "3": 1940, "4-6": 2120 },
    adults: { single: 3090, cohabitingCouple: 5570 },
    sharedCosts: [990, 1100, 1380, 1570, 1810, 2050, 2220],
    sharedCostsPerPersonAbove7: 170,
  },
  {
    year: 2021,
    source: {
      provision: PROVISION_2001_937,
      amendment: {
        sfs: "SFS 2020:1013",
        issued: "2020-11-26",
        readAt: "lagboken.se (source: Regeringskansliets rättsdatabaser)",
      },
      readFrom: [
        {
          publisher: "Svensk författningssamling",
          title: "SFS 2020:1013 Förordning om ändring i socialtjänstförordningen (2001:937)",
          url: "https://www.lagboken.se/Lagboken/start/sfs/sfs/2020/1000-1099/d_4150301-sfs-2020_1013-forordning-om-andring-i-socialtjanstforordningen-2001_937",
        },
        {
          publisher: "Socialstyrelsen",
          title: "Riksnormen för försörjningsstöd – Riksnormen för 2021 (gäller från och med den 1 januari 2021)",
          url: "https://www.socialstyrelsen.se/stod-i-arbetet/ekonomiskt-bistand/riksnormen/",
        },
      ],
      note: "Read from the ordinance text itself, which labels the rows 'med lunch' and 'ej lunch 5 dagar/vecka'.",
    },
    children: {
      "0": 2180,
      "1-2": 2440,
      "3": 2170,
      "4-6": 2440,
      "7-10": 3060,
      "11-14": 3520,
      "15-18": 3970,
      "19-20": 4000,
    },
    childrenWithoutLunch: { "0": 2050, "1-2": 2240, "3": 1990, "4-6": 2170 },
    adults: { single: 3160, cohabitingCouple: 5700 },
    sharedCosts: [1020, 1130, 1420, 1610, 1860, 2100, 2270],
    sharedCostsPerPersonAbove7: 170,
  },
];

/**
 * Tables the municipality adds without a code change (RIKSNORM_FILE, read and validated once at
 * start-up by riksnorm-file.server.ts and installed by app/services.server.ts).
 *
 * Kept on globalThis under a registered symbol, not in a module variable: the server bundle
 * (which starts the services) and the Remix build (which runs the e-service's `computed`) are
 * two bundles with their own copy of this module (docs/decisions/001), and both must see the
 * same tables. Nothing else is kept there.
 */
const CONFIGURED = Symbol.for("ingang.forsorjningsstod.riksnorm-tables");
type Registry = { [CONFIGURED]?: readonly RiksnormTable[] };

/**
 * Makes configured tables available next to the shipped ones. A year the portal ships may be
 * repeated only with identical figures; a different table for a shipped year, or the same year
 * twice, is refused, so a configured file never silently overrides a verified table.
 */
export function installRiksnormTables(tables: readonly RiksnormTable[]): void {
  const years = new Set<number>();
  for (const table of tables) {
    if (years.has(table.year)) throw new RangeError(`The riksnorm table for ${table.year} is given twice`);
    years.add(table.year);
    const shipped = RIKSNORM_TABLES.find((t) => t.year === table.year);
    if (shipped && !sameFigures(shipped, table)) {
      throw new RangeError(`The riksnorm table for ${table.year} differs from the one the portal ships`);
    }
  }
  (globalThis as Registry)[CONFIGURED] = tables.filter((t) => !RIKSNORM_TABLES.some((s) => s.year === t.year));
}

/** The tables added by configuration (not the shipped ones). */
export function configuredRiksnormTables(): readonly RiksnormTable[] {
  return (globalThis as Registry)[CONFIGURED] ?? [];
}

/**
 * The tables an administrator published in the staff console (riksnorm-store.server.ts), as last
 * read from the database by this process. Same registry reasoning as above. They come first: the
 * console refuses a shipped year with other figures, so a published table only ever overrides
 * RIKSNORM_FILE's, which is what a municipality correcting a year in the console means.
 */
const PUBLISHED = Symbol.for("ingang.forsorjningsstod.riksnorm-published");
type PublishedRegistry = { [PUBLISHED]?: readonly RiksnormTable[] };

export function installPublishedRiksnormTables(tables: readonly RiksnormTable[]): void {
  (globalThis as PublishedRegistry)[PUBLISHED] = [...tables];
}

export function publishedRiksnormTables(): readonly RiksnormTable[] {
  return (globalThis as PublishedRegistry)[PUBLISHED] ?? [];
}

/** Every table in use, by year: published in the console, else shipped, else configured. */
export function allRiksnormTables(): RiksnormTable[] {
  const byYear = new Map<number, RiksnormTable>();
  for (const table of [...configuredRiksnormTables(), ...RIKSNORM_TABLES, ...publishedRiksnormTables()])
    byYear.set(table.year, table);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** The figures of two tables, sources aside, are the same. */
export function sameFigures(a: RiksnormTable, b: RiksnormTable): boolean {
  const figures = (t: RiksnormTable) =>
    JSON.stringify([
      CHILD_BANDS.map((band) => t.children[band]),
      LUNCH_BANDS.map((band) => t.childrenWithoutLunch[band]),
      t.adults.single,
      t.adults.cohabitingCouple,
      t.sharedCosts,
      t.sharedCostsPerPersonAbove7,
    ]);
  return a.year === b.year && figures(a) === figures(b);
}

/** The table for exactly this year (see allRiksnormTables), or undefined: never an older or newer year's. */
export function riksnormTable(year: number): RiksnormTable | undefined {
  return (
    publishedRiksnormTables().find((table) => table.year === year) ??
    RIKSNORM_TABLES.find((table) => table.year === year) ??
    configuredRiksnormTables().find((table) => table.year === year)
  );
}
