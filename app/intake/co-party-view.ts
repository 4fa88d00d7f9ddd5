import type { EServiceDefinition } from "./definition";
import type { AnswersSoFar } from "./fields";

/**
 * What a co-party may read of a submission: its answers without the steps that are the sender's
 * own words (StepDef.hiddenFromCoParties). The sender's files and messages are never theirs to
 * read either; the pages that show a submission to a co-party leave those out.
 */
export function coPartyAnswers(definition: EServiceDefinition, answers: AnswersSoFar): AnswersSoFar {
  const hidden = new Set(definition.steps.filter((step) => step.hiddenFromCoParties).map((step) => step.id));
  return Object.fromEntries(Object.entries(answers).filter(([stepId]) => !hidden.has(stepId)));
}
