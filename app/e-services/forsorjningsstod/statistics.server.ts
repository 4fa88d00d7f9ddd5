import type { Executor } from "#db/connect";
import { submissionEvent } from "#db/schema";
import type { SubmitHookContext } from "~/intake/definition";
import type { DocumentResolution } from "~/intake/journey";
import type { AnswersSoFar } from "~/intake/fields";
import { children, hasChildren, hasCoApplicant, STEP } from "./answers";
import { documentRules } from "./document-rules";

/**
 * The figures the municipality follows (DOMAIN.md): which channel applications come through,
 * whether documents were attached in the e-service, and the household type. One event per
 * submission, written in the submission's transaction, never shown to the person, and holding
 * no personal data: only the three categories below.
 */

export type HouseholdType = "single" | "single_with_children" | "couple" | "couple_with_children";
/** Every proof asked for was attached (or an unchanged copy confirmed), some, none, or none was asked. */
export type DocumentsAttached = "all" | "some" | "none" | "not_asked";

export interface StatisticsDetails {
  [key: string]: string;
  channel: string;
  documentsAttached: DocumentsAttached;
  householdType: HouseholdType;
}

export function householdType(answers: AnswersSoFar): HouseholdType {
  const withChildren = hasChildren(answers) && children(answers).length > 0;
  if (hasCoApplicant(answers)) return withChildren ? "couple_with_children" : "couple";
  return withChildren ? "single_with_children" : "single";
}

export function documentsAttached(answers: AnswersSoFar): DocumentsAttached {
  const asked = documentRules.filter((rule) => !rule.optional && rule.when(answers));
  if (asked.length === 0) return "not_asked";
  const resolutions = (answers[STEP.documents] ?? {}) as Record<string, DocumentResolution | undefined>;
  const given = asked.filter((rule) => {
    const r = resolutions[rule.id];
    // A reused document is a copy in the new submission's own files.
    return !!r && "files" in r && r.files.length > 0;
  }).length;
  return given === asked.length ? "all" : given > 0 ? "some" : "none";
}

export async function recordStatistics(tx: Executor, context: SubmitHookContext): Promise<StatisticsDetails> {
  const details: StatisticsDetails = {
    channel: context.channel,
    documentsAttached: documentsAttached(context.answers),
    householdType: householdType(context.answers),
  };
  await tx.insert(submissionEvent).values({
    submissionId: context.submissionId,
    kind: "statistics",
    visibleToPerson: false,
    details,
  });
  return details;
}
