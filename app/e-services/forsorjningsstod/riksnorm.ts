/**
 * The riksnorm for one household and one calendar year, computed from the year's table in
 * riksnorm-tables.ts. Pure: no clock, no I/O. All amounts are whole kronor a month.
 *
 * Who is in the household, as 2 kap. 1 § socialtjänstförordningen (2001:937) reads:
 *  - The applicants: one adult, or two adults who are married or sambor (the co-applicant,
 *    medsökande). Two adults who are not a couple are never one application; each is their
 *    own case, computed with the lodger rule below.
 *  - The children in the table: children living at home aged 0–17, and young people aged
 *    18–20 who live at home and still go to school (gymnasieskola). An 18- to 20-year-old who does
 *    not go to school, or anyone 21 or older, is an adult with their own norm, not a child here.
 *  - Others living in the same household (hushållsgemenskap) who are not part of this
 *    application: a lodger, a flatmate, an adult child with their own case.
 *
 * Personal costs: the adult amount (single, or the couple's joint amount) plus each child's.
 * Shared household costs: by the number of persons in the whole household (applicants +
 * children + others), the table's amount for 1–7 persons, plus the 6→7 difference for each
 * person above 7. When others live there too, this application bears its share:
 * shared costs × (persons in this application) ÷ (persons in the household). For one adult that
 * is exactly the ordinance's rule for an adult who is not a sambo but lives in a household with
 * others: single-adult amount + the household's shared costs ÷ the number of its members.
 *
 * Rounding: every table amount is whole kronor. The only division is that share; it is rounded
 * to the nearest whole krona, halves up (in the applicant's favour). The ordinance states no
 * rounding rule; this one is the portal's and is named so the caseworker can see it.
 */
import {
  LUNCH_BANDS,
  riksnormTable,
  type ChildBand,
  type LunchBand,
  type RiksnormTable,
  type TableSource,
} from "./riksnorm-tables";

/** One adult applicant, or a married/cohabiting couple applying together. */
export type Applicants = "single" | "cohabiting_couple";

type AgeUpTo18 = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18;

/**
 * A child in the table. `age` is in whole years in the month applied for (see ageInMonth);
 * `eatsLunchAtSchoolOrPreschool` means lunch at preschool or school on weekdays (the table's
 * "ej lunch 5 dagar/vecka") and changes the amount for ages 0–6 only. Ages 19–20 are children in
 * the table only while they live at home and go to school.
 */
export type Child =
  | { age: AgeUpTo18; eatsLunchAtSchoolOrPreschool: boolean }
  | { age: 19 | 20; eatsLunchAtSchoolOrPreschool: boolean; livesAtHomeAndAttendsSchool: true };

export interface Household {
  applicants: Applicants;
  children: readonly Child[];
  /**
   * Persons who share the household but are not in this application (a lodger, a flatmate, an
   * adult child with their own case). They count towards the household's size for shared costs;
   * the application then bears only its share. Default 0.
   */
  othersInHousehold?: number;
}

export type ChildItemCode = `personal.child_${ChildBand}` | `personal.child_${LunchBand}_without_lunch`;

export type NormItem =
  | { code: "personal.adult_single" | "personal.adults_cohabiting_couple"; amount: number }
  | { code: ChildItemCode; amount: number; childIndex: number; age: number }
  | { code: "shared.household"; amount: number; personsInHousehold: number }
  | { code: "shared.household_share"; amount: number; personsInHousehold: number; personsInApplication: number };

export type NormItemCode = NormItem["code"];

export interface TableRef {
  year: number;
  source: TableSource;
}

export type NormResult =
  | {
      ok: true;
      items: NormItem[];
      total: number;
      personsInApplication: number;
      personsInHousehold: number;
      table: TableRef;
    }
  | { ok: false; reason: "no_table_for_year"; year: number }
  | { ok: false; reason: "invalid_household"; problem: string };

/** The band a child's age falls in, or undefined when the age is not a child's in the table. */
export function childBand(age: number, livesAtHomeAndAttendsSchool = false): ChildBand | undefined {
  if (!Number.isInteger(age) || age < 0) return undefined;
  if (age === 0) return "0";
  if (age <= 2) return "1-2";
  if (age === 3) return "3";
  if (age <= 6) return "4-6";
  if (age <= 10) return "7-10";
  if (age <= 14) return "11-14";
  if (age <= 18) return "15-18";
  if (age <= 20 && livesAtHomeAndAttendsSchool) return "19-20";
  return undefined;
}

const isLunchBand = (band: ChildBand): band is LunchBand => (LUNCH_BANDS as readonly string[]).includes(band);

/** A child's personal costs for the year's table, and the item's code. */
export function childAmount(table: RiksnormTable, child: Child): { code: ChildItemCode; amount: number } {
  const band = childBand(child.age, "livesAtHomeAndAttendsSchool" in child && child.livesAtHomeAndAttendsSchool);
  if (!band) throw new RangeError(`Age ${child.age} is not a child's age in the riksnorm table`);
  if (child.eatsLunchAtSchoolOrPreschool && isLunchBand(band)) {
    return { code: `personal.child_${band}_without_lunch`, amount: table.childrenWithoutLunch[band] };
  }
  return { code: `personal.child_${band}`, amount: table.children[band] };
}

/** Shared household costs for a household of `persons` (1 or more). */
export function sharedCostsFor(table: RiksnormTable, persons: number): number {
  if (!Number.isSafeInteger(persons) || persons < 1)
    throw new RangeError(`A household has at least one person, not ${persons}`);
  if (persons <= 7) return table.sharedCosts[persons - 1] as number;
  return table.sharedCosts[6] + (persons - 7) * table.sharedCostsPerPersonAbove7;
}

/** amount × part ÷ whole, rounded to the nearest whole krona, halves up; integer arithmetic only. */
export function shareOf(amount: number, part: number, whole: number): number {
  return Math.floor((2 * amount * part + whole) / (2 * whole));
}

function householdProblem(household: Household): string | null {
  if (household === null || typeof household !== "object") return "household is missing";
  if (household.applicants !== "single" && household.applicants !== "cohabiting_couple") {
    return "applicants must be 'single' or 'cohabiting_couple'";
  }
  if (!Array.isArray(household.children)) return "children must be a list";
  for (const [i, child] of household.children.entries()) {
    const c = child as Partial<Child & { livesAtHomeAndAttendsSchool: unknown }>;
    if (typeof c.eatsLunchAtSchoolOrPreschool !== "boolean")
      return `children[${i}]: eatsLunchAtSchoolOrPreschool must be true or false`;
    if (typeof c.age !== "number" || !childBand(c.age, c.livesAtHomeAndAttendsSchool === true)) {
      return `children[${i}]: age ${String(c.age)} is not a child in the riksnorm table (0–18, or 19–20 living at home and at school)`;
    }
  }
  const others = household.othersInHousehold ?? 0;
  if (!Number.isSafeInteger(others) || others < 0) return "othersInHousehold must be a whole number, 0 or more";
  return null;
}

/**
 * The riksnorm for the household in the given calendar year, itemised. Refuses a year without
 * a table (never falls back to another year) and a household the table cannot describe.
 */
export function normFor(household: Household, year: number): NormResult {
  const problem = householdProblem(household);
  if (problem) return { ok: false, reason: "invalid_household", problem };
  const table = riksnormTable(year);
  if (!table) return { ok: false, reason: "no_table_for_year", year };

  const items: NormItem[] = [];
  if (household.applicants === "single") {
    items.push({ code: "personal.adult_single", amount: table.adults.single });
  } else {
    items.push({ code: "personal.adults_cohabiting_couple", amount: table.adults.cohabitingCouple });
  }
  household.children.forEach((child, childIndex) => {
    items.push({ ...childAmount(table, child), childIndex, age: child.age });
  });

  const personsInApplication = (household.applicants === "single" ? 1 : 2) + household.children.length;
  const personsInHousehold = personsInApplication + (household.othersInHousehold ?? 0);
  const shared = sharedCostsFor(table, personsInHousehold);
  if (personsInHousehold === personsInApplication) {
    items.push({ code: "shared.household", amount: shared, personsInHousehold });
  } else {
    items.push({
      code: "shared.household_share",
      amount: shareOf(shared, personsInApplication, personsInHousehold),
      personsInHousehold,
      personsInApplication,
    });
  }

  return {
    ok: true,
    items,
    total: items.reduce((sum, item) => sum + item.amount, 0),
    personsInApplication,
    personsInHousehold,
    table: { year: table.year, source: table.source },
  };
}

/**
 * The norm of an adult who lives in a household with others without being their sambo (a
 * lodger, inneboende): the single-adult amount plus the household's shared costs divided by
 * the number of persons in it, the lodger included.
 */
export function lodgerNorm(personsInHousehold: number, year: number): NormResult {
  if (!Number.isSafeInteger(personsInHousehold) || personsInHousehold < 1) {
    return { ok: false, reason: "invalid_household", problem: "personsInHousehold must be a whole number, 1 or more" };
  }
  return normFor({ applicants: "single", children: [], othersInHousehold: personsInHousehold - 1 }, year);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

function parseDate(value: string): { year: number; month: number } | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? { year, month } : undefined;
}

function parseYearMonth(value: string): { year: number; month: number } | undefined {
  const m = YEAR_MONTH.exec(value);
  if (!m) return undefined;
  const [year, month] = [Number(m[1]), Number(m[2])];
  return month >= 1 && month <= 12 ? { year, month } : undefined;
}

/**
 * Age in whole years in the month applied for: the age the person has reached by the end of
 * that month, so a child who turns 7 on any day of March 2026 is 7 for March 2026. Only the
 * year and month of birth matter (a 29 February birthday needs no special case). This is the
 * portal's reading of "age in the month"; the ordinance does not say which day of the month counts.
 *
 * @param birthDate ISO date, YYYY-MM-DD
 * @param yearMonth the month applied for, YYYY-MM
 * @throws RangeError for a malformed date or month, or a birth after the month
 */
export function ageInMonth(birthDate: string, yearMonth: string): number {
  const birth = parseDate(birthDate);
  if (!birth) throw new RangeError(`Not a date (YYYY-MM-DD): ${birthDate}`);
  const month = parseYearMonth(yearMonth);
  if (!month) throw new RangeError(`Not a month (YYYY-MM): ${yearMonth}`);
  const age = month.year - birth.year - (month.month < birth.month ? 1 : 0);
  if (age < 0) throw new RangeError(`Born ${birthDate}, after ${yearMonth}`);
  return age;
}

export type ChildInMonthResult =
  | { ok: true; child: Child }
  | { ok: false; reason: "not_a_child_in_the_table"; age: number }
  | { ok: false; reason: "born_after_the_month" }
  | { ok: false; reason: "invalid_date" };

/**
 * From what an application holds about a child to a Child for the month applied for; the one
 * place an untyped age becomes a typed one.
 */
export function childInMonth(
  answers: { birthDate: string; eatsLunchAtSchoolOrPreschool: boolean; attendsSchool?: boolean },
  yearMonth: string,
): ChildInMonthResult {
  const birth = parseDate(answers.birthDate);
  const month = parseYearMonth(yearMonth);
  if (!birth || !month) return { ok: false, reason: "invalid_date" };
  if (month.year * 12 + month.month < birth.year * 12 + birth.month)
    return { ok: false, reason: "born_after_the_month" };
  const age = ageInMonth(answers.birthDate, yearMonth);
  // An 18-year-old who has left school is an adult in the norm; one still in upper-secondary
  // school stays in the table's 15–18 band (19–20 likewise count as children only at school).
  const band =
    age === 18 && answers.attendsSchool !== true ? undefined : childBand(age, answers.attendsSchool === true);
  if (!band) return { ok: false, reason: "not_a_child_in_the_table", age };
  const eatsLunchAtSchoolOrPreschool = answers.eatsLunchAtSchoolOrPreschool;
  if (age === 19 || age === 20)
    return { ok: true, child: { age, eatsLunchAtSchoolOrPreschool, livesAtHomeAndAttendsSchool: true } };
  return { ok: true, child: { age: age as AgeUpTo18, eatsLunchAtSchoolOrPreschool } };
}
