/**
 * Provberäkning: a preliminary calculation of försörjningsstöd for one month, from what the
 * household has stated. It is an estimate to show the resident and to hand to the robot with
 * the application, never a decision: the caseworker judges which costs are reasonable (skäliga),
 * which incomes count, and everything the table cannot know. Pure: no clock, no I/O.
 *
 *   needs              = riksnorm (riksnorm.ts) + the stated costs beyond the norm
 *   balance            = needs − incomes
 *   preliminaryAmount  = balance when positive, otherwise 0 (never below 0)
 *   outcome            = shortfall (underskott) of `balance`, excess (överskott) of −balance,
 *                        or balanced
 *
 * Amounts: every amount in and out is whole kronor a month, an integer 0 or more; an amount
 * that is not is refused, never rounded away. Costs are taken as stated and counted in full,
 * as are incomes (no disregards such as jobbstimulans are applied). The only rounding is in the
 * norm's share of shared household costs when others live in the household (see riksnorm.ts).
 * The result carries the table's year and legal source so it can be shown "as an estimate,
 * according to the riksnorm for <year>".
 */
import { normFor, type Household, type NormItem, type TableRef } from "./riksnorm";

/** Costs beyond the norm that an application can state. */
export const REASONABLE_COST_CODES = [
  "rent", // boendekostnad, hyra
  "household_electricity", // hushållsel
  "home_insurance", // hemförsäkring
  "work_travel", // arbetsresor
  "union_and_unemployment_fund_fees", // avgift till fackförening och arbetslöshetskassa
  "doctor", // läkarvård
  "prescribed_medicine", // receptbelagd medicin
  "acute_dental_care", // akut tandvård
  "childcare_fee", // barnomsorgsavgift
  "other", // andra behov, till exempel glasögon
] as const;
export type ReasonableCostCode = (typeof REASONABLE_COST_CODES)[number];

/** Incomes an application can state; every one counts in full in the estimate. */
export const INCOME_CODES = [
  "salary", // lön
  "unemployment_benefit", // a-kassa
  "sickness_benefit", // sjukpenning, sjukersättning
  "activity_support", // aktivitetsstöd
  "child_allowance", // barnbidrag
  "maintenance_support", // underhållsstöd
  "housing_allowance", // bostadsbidrag
  "pension", // pension
  "student_finance", // CSN
  "parental_benefit", // föräldrapenning
  "housing_supplement", // bostadstillägg
  "foreign_income", // inkomst från utlandet, också pension från ett annat land
  "deposits", // Swish och andra insättningar
  "gifts_inheritance", // gåvor, arv
  "loans", // lån
  "other", // annan inkomst
] as const;
export type IncomeCode = (typeof INCOME_CODES)[number];

export interface Amount<C extends string> {
  code: C;
  /** Whole kronor a month, 0 or more. */
  amount: number;
}

export interface PreliminaryInput {
  household: Household;
  /** The calendar year of the month applied for; its riksnorm table is used, never another year's. */
  year: number;
  reasonableCosts: readonly Amount<ReasonableCostCode>[];
  incomes: readonly Amount<IncomeCode>[];
}

export type Outcome =
  | { kind: "shortfall"; amount: number } // underskott: needs exceed incomes by `amount`
  | { kind: "excess"; amount: number } // överskott: incomes exceed needs by `amount`
  | { kind: "balanced"; amount: 0 };

export type PreliminaryResult =
  | {
      ok: true;
      /** Always this: the figure is an estimate, not a decision. */
      nature: "preliminary_estimate";
      /** The riksnorm table used: its year and legal source. */
      table: TableRef;
      norm: { items: NormItem[]; total: number; personsInApplication: number; personsInHousehold: number };
      reasonableCosts: { items: Amount<ReasonableCostCode>[]; total: number };
      /** Norm plus the stated costs. */
      needs: number;
      incomes: { items: Amount<IncomeCode>[]; total: number };
      outcome: Outcome;
      /** What the estimate would pay: the shortfall, or 0. */
      preliminaryAmount: number;
    }
  | { ok: false; reason: "no_table_for_year"; year: number }
  | { ok: false; reason: "invalid_household"; problem: string }
  | { ok: false; reason: "unknown_code"; list: "reasonableCosts" | "incomes"; index: number; code: string }
  | { ok: false; reason: "invalid_amount"; list: "reasonableCosts" | "incomes"; index: number };

type ListProblem = Extract<PreliminaryResult, { reason: "unknown_code" | "invalid_amount" }>;

function listProblem(
  list: "reasonableCosts" | "incomes",
  items: readonly Amount<string>[],
  codes: readonly string[],
): ListProblem | null {
  if (!Array.isArray(items)) throw new TypeError(`${list} must be a list`);
  for (const [index, item] of items.entries()) {
    if (!codes.includes(item?.code))
      return { ok: false, reason: "unknown_code", list, index, code: String(item?.code) };
    if (!Number.isSafeInteger(item.amount) || item.amount < 0)
      return { ok: false, reason: "invalid_amount", list, index };
  }
  return null;
}

const sum = (items: readonly { amount: number }[]) => items.reduce((total, item) => total + item.amount, 0);

export function preliminaryCalculation(input: PreliminaryInput): PreliminaryResult {
  const problem =
    listProblem("reasonableCosts", input.reasonableCosts, REASONABLE_COST_CODES) ??
    listProblem("incomes", input.incomes, INCOME_CODES);
  if (problem) return problem;

  const norm = normFor(input.household, input.year);
  if (!norm.ok) return norm;

  const reasonableCosts = input.reasonableCosts.map(({ code, amount }) => ({ code, amount }));
  const incomes = input.incomes.map(({ code, amount }) => ({ code, amount }));
  const costsTotal = sum(reasonableCosts);
  const incomesTotal = sum(incomes);
  const needs = norm.total + costsTotal;
  const balance = needs - incomesTotal;

  const outcome: Outcome =
    balance > 0
      ? { kind: "shortfall", amount: balance }
      : balance < 0
        ? { kind: "excess", amount: -balance }
        : { kind: "balanced", amount: 0 };

  return {
    ok: true,
    nature: "preliminary_estimate",
    table: norm.table,
    norm: {
      items: norm.items,
      total: norm.total,
      personsInApplication: norm.personsInApplication,
      personsInHousehold: norm.personsInHousehold,
    },
    reasonableCosts: { items: reasonableCosts, total: costsTotal },
    needs,
    incomes: { items: incomes, total: incomesTotal },
    outcome,
    preliminaryAmount: Math.max(0, balance),
  };
}
