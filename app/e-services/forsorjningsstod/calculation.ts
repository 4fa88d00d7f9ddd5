import type { AnswersSoFar } from "~/intake/fields";
import {
  children,
  costAmounts,
  hasChildren,
  hasCoApplicant,
  hasOtherAdults,
  incomeAmounts,
  monthAppliedFor,
  otherAdults,
  paymentsFromOthers,
  rent,
} from "./answers";
import {
  preliminaryCalculation,
  type Amount,
  type IncomeCode,
  type PreliminaryResult,
  type ReasonableCostCode,
} from "./provberakning";
import { childInMonth, type Child } from "./riksnorm";

/**
 * From an application's answers to the provberäkning (provberakning.ts) for the month applied
 * for, with the riksnorm table of that month's year: the e-service's `computed`. It is shown on
 * the check-your-answers page as an estimate, stored with the submission and sent to the robot.
 *
 * Who counts, and how (the caseworker sees all of it in the answers and decides):
 *  - The applicant, and the co-applicant (make, maka, sambo) when there is one.
 *  - Children who live with the applicant all the time, with their age in the month and lunch
 *    at preschool or school. A child who lives there part of the time (växelvis, or visits) is
 *    left out of the estimate: the norm for such a child depends on the days, which the
 *    caseworker works out. A child of 18–20 who does not go to upper-secondary school, or who is
 *    21 or older, is an adult with their own norm: counted as another person in the household.
 *  - Other adults living there count towards the household's size for the shared costs; what
 *    they pay the household each month is counted as income ("other").
 *  - Costs: the rent or fee for the home, and each cost beyond the norm, as stated.
 *  - Incomes: every income of the applicant and the co-applicant, as stated for the month,
 *    summed by kind.
 */

export interface Provberakning {
  kind: "provberakning";
  /** The month applied for, YYYY-MM, or null when it is missing (the result says why). */
  month: string | null;
  /** People stated in the application but not in the estimate's norm, and why. */
  leftOut: {
    childrenLivingPartly: number;
    childrenCountedAsAdults: number;
    childrenBornAfterTheMonth: number;
  };
  result: PreliminaryResult;
}

/** Adds up amounts of the same kind, in the order kinds first appear; zeros are left out. */
function byKind<C extends string>(amounts: readonly Amount<C>[]): Amount<C>[] {
  const totals = new Map<C, number>();
  for (const { code, amount } of amounts) totals.set(code, (totals.get(code) ?? 0) + amount);
  return [...totals].filter(([, amount]) => amount > 0).map(([code, amount]) => ({ code, amount }));
}

export function provberakning(answers: AnswersSoFar): Provberakning {
  const month = monthAppliedFor(answers) ?? null;
  const leftOut = { childrenLivingPartly: 0, childrenCountedAsAdults: 0, childrenBornAfterTheMonth: 0 };
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    return {
      kind: "provberakning",
      month: null,
      leftOut,
      result: { ok: false, reason: "invalid_household", problem: "the month applied for is missing" },
    };
  }

  const inTable: Child[] = [];
  let othersInHousehold = hasOtherAdults(answers) ? otherAdults(answers).length : 0;
  for (const child of hasChildren(answers) ? children(answers) : []) {
    if (child.livesWithYou !== "ja") {
      leftOut.childrenLivingPartly++;
      continue;
    }
    const result = childInMonth(
      {
        birthDate: String(child.birthDate),
        eatsLunchAtSchoolOrPreschool: child.lunch === "ja",
        attendsSchool: child.school === "ja",
      },
      month,
    );
    if (result.ok) inTable.push(result.child);
    else if (result.reason === "not_a_child_in_the_table") {
      leftOut.childrenCountedAsAdults++;
      othersInHousehold++;
    } else leftOut.childrenBornAfterTheMonth++;
  }

  const incomes: Amount<IncomeCode>[] = [
    ...incomeAmounts(answers, "applicant"),
    ...(hasCoApplicant(answers) ? incomeAmounts(answers, "coApplicant") : []),
  ];
  const fromOthers = hasOtherAdults(answers) ? paymentsFromOthers(answers) : 0;
  if (fromOthers > 0) incomes.push({ code: "other", amount: fromOthers });

  const costs: Amount<ReasonableCostCode>[] = [{ code: "rent", amount: rent(answers) }, ...costAmounts(answers)];

  return {
    kind: "provberakning",
    month,
    leftOut,
    result: preliminaryCalculation({
      household: {
        applicants: hasCoApplicant(answers) ? "cohabiting_couple" : "single",
        children: inTable,
        othersInHousehold,
      },
      year: Number(month.slice(0, 4)),
      reasonableCosts: byKind(costs),
      incomes: byKind(incomes),
    }),
  };
}
