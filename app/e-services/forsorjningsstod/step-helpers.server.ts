import type { FieldProblem } from "~/intake/definition";
import { amount, month, text, type Field } from "~/intake/fields";
import { asFieldError, incomeKinds, NONE, serviceError, type Person } from "./answers";

/**
 * Pieces the steps of every version of the application share (the current definition and the
 * frozen earlier ones), kept apart so a frozen version need not import the current definition.
 */

/** The limits stated to the person when an amount is refused, in whole kronor a month. */
export const LIMITS = {
  income: 100_000,
  rent: 40_000,
  cost: 50_000,
  payment: 30_000,
  bankBalance: 10_000_000,
} as const;

/** A "none of these" checkbox cannot be ticked together with another one. */
export const exclusiveNone =
  (name: string) =>
  (values: Record<string, unknown>): FieldProblem[] => {
    const chosen = (values[name] as string[] | undefined) ?? [];
    return chosen.includes(NONE) && chosen.length > 1
      ? [{ field: name, error: asFieldError(serviceError.noneCombined) }]
      : [];
  };

/** A free text that is optional on its own but needed when the question before it says so. */
export const describeWhen = (name: string, needed: boolean): FieldProblem[] =>
  needed ? [{ field: name, error: asFieldError(serviceError.describe) }] : [];

/** Whole years on `today` for an ISO birth date. */
export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  const beforeBirthday =
    today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d) ? 1 : 0;
  return today.getUTCFullYear() - y - beforeBirthday;
}

/** An 18–20-year-old must say whether they are at upper-secondary school; over 20 is no child. */
export function childAgeProblems(values: Record<string, unknown>): FieldProblem[] {
  if (typeof values.birthDate !== "string") return [];
  const age = ageOn(values.birthDate, new Date());
  if (age > 20) return [{ field: "birthDate", error: asFieldError(serviceError.childTooOld) }];
  return age >= 18 && values.school === undefined ? [{ field: "school", error: "required" }] : [];
}

export const monthField = month({ monthsBack: 2, monthsAhead: 1 });

/** An amount for each kind of income a person said they have, asked "per month" in every label. */
export function incomeFields(codes: readonly string[], who: Person): Record<string, Field> {
  const fields: Record<string, Field> = {};
  for (const code of codes) {
    fields[code] = amount({ max: LIMITS.income, when: (a) => incomeKinds(a, who).includes(code as never) });
  }
  fields.otherWhat = text({ maxLength: 200, when: (a) => incomeKinds(a, who).includes("other") });
  return fields;
}
