import { eq } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { submission, submissionEvent } from "#db/schema";
import type { SubmitHookContext } from "~/intake/definition";
import { answerOf } from "~/intake/typed-answers";
import type { OrosanmalanSteps } from "./definition.server";

/**
 * What the committee follows about reports of concern (DOMAIN.md: the share arriving through the
 * e-service, by who reports and from which organisation or school): one event per report,
 * written in the submission's transaction, never shown to anyone outside the unit, holding only
 * categories — the reporter type, the kind of organisation, the school or preschool's unit id
 * from the municipality's list, whom the report is about, and whether it was acute. No names,
 * no free text.
 */
export async function recordReportStatistics(tx: Executor, context: SubmitHookContext): Promise<void> {
  const [row] = await tx
    .select({ channel: submission.channel })
    .from(submission)
    .where(eq(submission.id, context.submissionId));
  const answer = answerOf<OrosanmalanSteps>();
  const { answers } = context;
  await tx.insert(submissionEvent).values({
    submissionId: context.submissionId,
    kind: "statistics",
    visibleToPerson: false,
    details: {
      channel: row?.channel ?? "e-service",
      reporter: answer(answers, "vem", "reporter") ?? null,
      organisation: answer(answers, "arbetsplats", "organisation") ?? null,
      unit: answer(answers, "enhet", "unit") ?? null,
      about: answer(answers, "om-vem", "about") ?? null,
      acute: answer(answers, "fara", "danger") === "ja",
    },
  });
}
