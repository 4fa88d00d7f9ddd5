import type { EServiceDefinition, FieldProblem, JourneyContext, StepDef } from "./definition";
import type { AnswersSoFar, Field, FieldContext, FormInput } from "./fields";

export type { FieldProblem };

/**
 * The path through an e-service, computed from the definition and the answers alone
 * (as GOV.UK forms-runner's journey): which steps apply, which are done, where a person may go.
 * A step can be visited only when every applicable step before it is complete, so editing a
 * URL cannot skip a question.
 */

export const REVIEW = "granska";

/**
 * How a document rule was answered: files in the draft (reusedFrom: copied from the files sent
 * with that earlier submission, confirmed unchanged), or "I will send it later".
 */
export type DocumentResolution = { files: string[]; reusedFrom?: string } | { later: true };

/** Files or "later"; anything else (a shape an older version saved in a draft) is asked again. */
const isAnswered = (r: DocumentResolution | undefined) =>
  !!r && (("files" in r && r.files.length > 0) || ("later" in r && r.later === true));

/** Steps that apply to these answers, in order. A step's condition sees only earlier answers. */
export function visibleSteps(
  definition: EServiceDefinition,
  answers: AnswersSoFar,
  context: JourneyContext,
): StepDef[] {
  const visible: StepDef[] = [];
  const earlier: AnswersSoFar = {};
  for (const step of definition.steps) {
    if (!step.when || step.when(earlier, context)) {
      visible.push(step);
      earlier[step.id] = answers[step.id];
    }
  }
  return visible;
}

/** A step's fields that apply, given the answers before it. */
export function visibleFields(step: StepDef, answers: AnswersSoFar): [string, Field][] {
  return Object.entries(step.fields).filter(([, field]) => !field.when || field.when(answers));
}

/** Document rules that apply to these answers. */
export function applicableRules(definition: EServiceDefinition, answers: AnswersSoFar) {
  return definition.documents?.rules.filter((rule) => rule.when(answers)) ?? [];
}

export function isDocumentsStep(definition: EServiceDefinition, step: StepDef) {
  return definition.documents?.stepId === step.id;
}

function itemComplete(step: StepDef, item: Record<string, unknown> | undefined, answers: AnswersSoFar) {
  return visibleFields(step, answers).every(([name, field]) => !field.required || item?.[name] !== undefined);
}

export function isStepComplete(definition: EServiceDefinition, step: StepDef, answers: AnswersSoFar): boolean {
  const answer = answers[step.id];
  if (answer === undefined) return false;
  if (isDocumentsStep(definition, step)) {
    const resolved = answer as Record<string, DocumentResolution | undefined>;
    return applicableRules(definition, answers).every((rule) => rule.optional || isAnswered(resolved[rule.id]));
  }
  if (step.repeat) {
    const items = (answer.items as Record<string, unknown>[] | undefined) ?? [];
    return (
      items.length >= step.repeat.min &&
      items.length <= step.repeat.max &&
      items.every((i) => itemComplete(step, i, answers))
    );
  }
  return itemComplete(step, answer, answers);
}

export interface JourneyState {
  steps: { id: string; complete: boolean; canVisit: boolean }[];
  /** The first step still to answer, or REVIEW when everything is answered. */
  resumeAt: string;
}

export function journeyState(
  definition: EServiceDefinition,
  answers: AnswersSoFar,
  context: JourneyContext,
): JourneyState {
  let allBeforeComplete = true;
  const steps = visibleSteps(definition, answers, context).map((step) => {
    const complete = isStepComplete(definition, step, answers);
    const entry = { id: step.id, complete, canVisit: allBeforeComplete };
    allBeforeComplete &&= complete;
    return entry;
  });
  return { steps, resumeAt: steps.find((s) => !s.complete)?.id ?? REVIEW };
}

export function canVisit(state: JourneyState, stepId: string): boolean {
  if (stepId === REVIEW) return state.resumeAt === REVIEW;
  return state.steps.find((s) => s.id === stepId)?.canVisit ?? false;
}

/** Where to go after a step is saved: the next incomplete step, or the review page. */
export function nextAfter(state: JourneyState, stepId: string): string {
  const index = state.steps.findIndex((s) => s.id === stepId);
  return state.steps.slice(index + 1).find((s) => !s.complete)?.id ?? state.resumeAt;
}

export function previousBefore(state: JourneyState, stepId: string): string | null {
  const index = stepId === REVIEW ? state.steps.length : state.steps.findIndex((s) => s.id === stepId);
  return index > 0 ? state.steps[index - 1]!.id : null;
}

/** The answers as they will be sent: only steps and fields that apply. */
export function answersToSend(
  definition: EServiceDefinition,
  answers: AnswersSoFar,
  context: JourneyContext,
): AnswersSoFar {
  const out: AnswersSoFar = {};
  for (const step of visibleSteps(definition, answers, context)) {
    const answer = answers[step.id];
    if (!answer) continue;
    if (isDocumentsStep(definition, step)) {
      const rules = new Set(applicableRules(definition, answers).map((r) => r.id));
      out[step.id] = Object.fromEntries(Object.entries(answer).filter(([rule]) => rules.has(rule)));
      continue;
    }
    const names = visibleFields(step, out).map(([name]) => name);
    const pick = (item: Record<string, unknown>) =>
      Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
    out[step.id] = step.repeat
      ? { items: ((answer.items as Record<string, unknown>[]) ?? []).map(pick) }
      : pick(answer);
  }
  return out;
}

export type StepValidation =
  | { ok: true; values: Record<string, unknown> }
  | { ok: false; problems: FieldProblem[]; typed: Record<string, string> };

/** Reads one step's (or one repeated item's) fields from a posted form. */
export function validateFields(
  step: StepDef,
  input: FormInput,
  answers: AnswersSoFar,
  context: FieldContext,
): StepValidation {
  const values: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  const typed: Record<string, string> = {};
  for (const [name, field] of visibleFields(step, answers)) {
    for (const inputName of field.inputNames(name)) {
      const all = input.getAll(inputName);
      typed[inputName] = (all.length > 1 ? all.join("\u0000") : (all[0] ?? "")).slice(0, 10_000);
    }
    const parsed = field.parse(input, name, context);
    if (parsed.ok) {
      if (parsed.value !== undefined) values[name] = parsed.value;
    } else problems.push({ field: name, error: parsed.error, params: parsed.params });
  }
  if (problems.length === 0 && step.check) problems.push(...step.check(values, answers));
  return problems.length ? { ok: false, problems, typed } : { ok: true, values };
}
