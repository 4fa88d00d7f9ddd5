import { answersSchema } from "./answers-schema";
import type { EServiceDefinition, StepDef } from "./definition";
import type { AnswersSoFar } from "./fields";

/**
 * A service's versions: the current steps, and the frozen steps of every earlier version
 * (EServiceDefinition.earlierVersions). A submission stores the version it was sent under, and is
 * read with that version's steps wherever its answers are drawn (decision 021).
 */

/** Every version the service has had, oldest first: versions are numbered 1, 2, 3 … without gaps. */
export const versionsOf = (service: EServiceDefinition): number[] =>
  Array.from({ length: service.version }, (_, i) => i + 1);

/** The service as it was at that version (its steps then), or null if it never had it. */
export function findVersion(service: EServiceDefinition, version: number): EServiceDefinition | null {
  if (version === service.version) return service;
  const earlier = service.earlierVersions?.find((e) => e.version === version);
  return earlier ? { ...service, version, steps: earlier.steps } : null;
}

/**
 * The service with the steps a submission (or draft) was made under. Every version up to the current
 * one is frozen (a registry test holds every service to that), so an unknown version is a bug.
 */
export function definitionAt(service: EServiceDefinition, version: number): EServiceDefinition {
  const found = findVersion(service, version);
  if (!found) throw new Error(`${service.id} has no version ${version}`);
  return found;
}

/**
 * Whether answers saved under an earlier version are, unchanged, valid answers of this one: every
 * step still exists, each value has the shape its field now takes, nothing it now requires of an
 * answered step is missing, and the step's own cross-field rules still hold.
 */
export function answersFit(definition: EServiceDefinition, answers: AnswersSoFar): boolean {
  if (!answersSchema(definition, { exact: true }).safeParse(answers).success) return false;
  return definition.steps.every((step) => {
    const values = answers[step.id];
    if (!values || !step.check) return true;
    const items = step.repeat ? ((values.items as Record<string, unknown>[] | undefined) ?? []) : [values];
    return items.every((item) => step.check!(item, answers).length === 0);
  });
}

/**
 * The answered steps whose every value today's field of the same name still takes, for answers
 * given under another version ("apply again" from an older submission); any other step is left
 * out, to be asked again. A step may be partly answered (a prefill leaves out what changes).
 */
export function fittingSteps(definition: EServiceDefinition, answers: AnswersSoFar): AnswersSoFar {
  const fits = (step: StepDef, values: Record<string, unknown>) =>
    Object.entries(values).every(([name, value]) => step.fields[name]?.schema.safeParse(value).success ?? false);
  const kept = definition.steps.flatMap((step) => {
    const values = answers[step.id];
    if (!values || (step.custom && Object.keys(step.fields).length === 0) || definition.documents?.stepId === step.id)
      return [];
    const items = step.repeat ? values.items : [values];
    const ok = Array.isArray(items) && items.every((item) => typeof item === "object" && item && fits(step, item));
    return ok ? [[step.id, values] as const] : [];
  });
  return Object.fromEntries(kept);
}
