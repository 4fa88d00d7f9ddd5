import type { AnswersSoFar, Field, ValueOf } from "./fields";

/**
 * Answers read by step and field id, checked by tsc against a definition's own steps: a step id
 * or field id the steps do not declare fails to compile, and the value has the field's type (a
 * radio's options), so comparing it with an option the field does not offer fails too.
 * The steps must keep their literal ids: declare them `as const satisfies readonly StepDef[]`.
 */

/** What the accessor reads of a step: its id and its fields. */
interface StepShape {
  readonly id: string;
  readonly fields: Readonly<Record<string, Field>>;
}

/** A repeating step's answer is `{ items }`, not its fields: read it with `itemsOf`. */
type Single<S extends StepShape> = S extends { readonly repeat: object } ? never : S;
type Repeating<S extends StepShape> = S extends { readonly repeat: object } ? S : never;

type StepOf<Steps extends readonly StepShape[], Id> = Extract<Steps[number], { readonly id: Id }>;
type FieldsOf<Steps extends readonly StepShape[], Id> = StepOf<Steps, Id>["fields"];

/** Ids of the steps answered once, and of the steps answered as a list. */
export type SingleStepId<Steps extends readonly StepShape[]> = Single<Steps[number]>["id"];
export type RepeatingStepId<Steps extends readonly StepShape[]> = Repeating<Steps[number]>["id"];

export type AnswerReader<Steps extends readonly StepShape[]> = <
  Id extends SingleStepId<Steps>,
  F extends keyof FieldsOf<Steps, Id> & string,
>(
  answers: AnswersSoFar,
  step: Id,
  field: F,
) => ValueOf<FieldsOf<Steps, Id>[F]> | undefined;

/** One item of a repeating step, its fields typed (an item may lack an optional one). */
export type ItemOf<Steps extends readonly StepShape[], Id> = {
  [F in keyof FieldsOf<Steps, Id>]?: ValueOf<FieldsOf<Steps, Id>[F]>;
};

export type ItemsReader<Steps extends readonly StepShape[]> = <Id extends RepeatingStepId<Steps>>(
  answers: AnswersSoFar,
  step: Id,
) => ItemOf<Steps, Id>[];

/**
 * The reader of answers to these steps. The values are what the engine stored after parsing each
 * field (decision 006), so the field's type is trusted here rather than parsed again.
 */
export function answerOf<const Steps extends readonly StepShape[]>(): AnswerReader<Steps> {
  return ((answers: AnswersSoFar, step: string, field: string) => answers[step]?.[field]) as AnswerReader<Steps>;
}

/** The items of a repeating step (an empty list when it was not answered). */
export function itemsOf<const Steps extends readonly StepShape[]>(): ItemsReader<Steps> {
  return ((answers: AnswersSoFar, step: string) => {
    const value = answers[step]?.items;
    return Array.isArray(value) ? value : [];
  }) as ItemsReader<Steps>;
}
