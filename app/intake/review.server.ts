import { data, redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { submission } from "#db/schema";
import { csrfTokensMatch } from "../auth/csrf.server";
import { readForm } from "../http/form.server";
import { languageOfRequest } from "../i18n/i18next.server";
import type { RequestContext } from "../load-context";
import { SubmitConflict, type EServiceDefinition, type JourneyContext } from "./definition";
import type { Draft, DraftOwner } from "./drafts.server";
import { anonymousReceiptKey, anonymousSenderKey } from "./receipt-access.server";
import type { Unit } from "../municipality/municipality";
import type { AnswersSoFar, Field } from "./fields";
import {
  answersToSend,
  applicableRules,
  canVisit,
  isDocumentsStep,
  journeyState,
  REVIEW,
  visibleFields,
} from "./journey";
import { journeyContext, requireDraft, requireService } from "./step-route.server";
import { stepUrl } from "./step-url";
import { submissionForDraft, submitDraft } from "./submissions.server";
import { currentOwner } from "./owner.server";

/**
 * Check your answers: every answer that will be sent, each with a link back to change it, and
 * the one button that sends. Sending goes through submitDraft, which is idempotent.
 */

export interface AnswerRow {
  fieldId: string;
  kind: Field["kind"];
  value: unknown;
}

export interface ReviewSection {
  stepId: string;
  change: string;
  /** One list for a plain step; one per item for an "add another" step. */
  groups: AnswerRow[][];
}

export interface ReviewPageData {
  serviceId: string;
  slug: string;
  draftId: string;
  back: string;
  sections: ReviewSection[];
  documents: { ruleId: string; resolution: "files" | "reuse" | "later" | "none"; files: number }[];
  declaration: boolean;
  declarationMissing: boolean;
  /** The service's derived figures, drawn by its own review panel. */
  computed: Record<string, unknown> | null;
}

/**
 * The answers as rows to read back, step by step. Steps that only informed (no questions) are
 * left out; the municipality's units are shown by name.
 */
export function answerSections(
  definition: EServiceDefinition,
  answers: AnswersSoFar,
  options: { units: readonly Unit[]; change?: (stepId: string) => string },
): ReviewSection[] {
  const sections: ReviewSection[] = [];
  const earlier: AnswersSoFar = {};
  const display = (kind: Field["kind"], value: unknown) =>
    kind === "unit" ? (options.units.find((u) => u.id === value)?.name ?? value) : value;
  for (const step of definition.steps) {
    const answer = answers[step.id];
    if (answer === undefined) continue;
    earlier[step.id] = answer;
    if (isDocumentsStep(definition, step) || (Object.keys(step.fields).length === 0 && !step.custom)) continue;
    const fields = visibleFields(step, earlier);
    const rows = (item: Record<string, unknown>) =>
      fields
        .filter(([name]) => item[name] !== undefined)
        .map(([name, field]) => ({ fieldId: name, kind: field.kind, value: display(field.kind, item[name]) }));
    const groups = step.repeat ? ((answer.items as Record<string, unknown>[]) ?? []).map(rows) : [rows(answer)];
    sections.push({ stepId: step.id, change: options.change?.(step.id) ?? "", groups });
  }
  return sections;
}

/** Where a staff member checks and sends a draft made on someone's behalf (app/staff/assisted). */
export const assistedReviewUrl = (draftId: string) => `/personal/registrera/${draftId}`;

async function reviewContext(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
  assisted = false,
) {
  // A staff member sends from the staff pages, with the channel and the person they recorded.
  if (context.session?.kind === "staff" && !assisted) throw redirect(assistedReviewUrl(params.draftId ?? ""), 303);
  const definition = requireService(params);
  await toReceiptIfSent(request, context, definition, params.draftId);
  const { draft, owner } = await requireDraft(request, context, definition, params.draftId);
  const journey = journeyContext(context);
  const state = journeyState(definition, draft.answers, journey);
  if (!canVisit(state, REVIEW)) throw redirect(stepUrl(definition, draft.id, state.resumeAt));
  return { definition, draft, owner, journey, state };
}

/**
 * The draft is gone because it was sent: a retried "send" (the answer to the first one lost on
 * the way) or Back to this page leads to the same receipt, never to a 404, but only for the one
 * who sent it: the person, or the anonymous browser the submission names. Anyone else holding
 * the draft's address (a later user of the same computer, say) meets "the draft no longer
 * exists".
 */
async function toReceiptIfSent(
  request: Request,
  context: RequestContext,
  definition: EServiceDefinition,
  draftId: string | undefined,
) {
  if (!draftId || !/^[0-9a-f-]{36}$/.test(draftId)) return;
  const { db } = context.services.database;
  const sent = await submissionForDraft(db, draftId);
  if (!sent) return;
  const owner = currentOwner(request, context, definition);
  if (!owner) return;
  const [row] = await db
    .select({ personId: submission.personId, senderKey: submission.senderKey })
    .from(submission)
    .where(eq(submission.id, sent.submissionId));
  if (!row) return;
  const sender =
    "personId" in owner
      ? row.personId === owner.personId
      : !!row.senderKey &&
        csrfTokensMatch(row.senderKey, anonymousSenderKey(context.services.config.secrets.session, owner) ?? "");
  if (sender) throw redirect(receiptUrl(context, definition, sent.reference, owner), 303);
}

function pageData(
  definition: EServiceDefinition,
  draft: Draft,
  answers: AnswersSoFar,
  journey: JourneyContext,
  declarationMissing: boolean,
  units: readonly Unit[],
): ReviewPageData {
  const steps = definition.steps;
  const last = [...steps].reverse().find((s) => answers[s.id] !== undefined);
  const documentsStep = definition.documents?.stepId;
  const resolutions = (documentsStep ? answers[documentsStep] : undefined) as
    Record<string, { files?: string[]; reusedFrom?: string; later?: true }> | undefined;
  return {
    serviceId: definition.id,
    slug: definition.slug,
    draftId: draft.id,
    back: stepUrl(definition, draft.id, last?.id ?? steps[0]!.id),
    sections: answerSections(definition, answers, {
      units,
      change: (stepId) => `${stepUrl(definition, draft.id, stepId)}?andra=1`,
    }),
    documents: applicableRules(definition, answers).map((rule) => {
      const r = resolutions?.[rule.id];
      return {
        ruleId: rule.id,
        resolution: r?.reusedFrom ? "reuse" : r?.files?.length ? "files" : r?.later ? "later" : "none",
        files: r?.files?.length ?? 0,
      };
    }),
    declaration: definition.declaration ?? false,
    declarationMissing,
    computed: definition.computed?.(answers, journey) ?? null,
  };
}

export async function reviewLoader(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
  options: { assisted?: boolean } = {},
) {
  const { definition, draft, journey } = await reviewContext(request, context, params, options.assisted);
  return pageData(
    definition,
    draft,
    answersToSend(definition, draft.answers, journey),
    journey,
    false,
    context.services.config.municipality.units,
  );
}

export async function reviewAction(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
) {
  const { definition, draft, owner, journey } = await reviewContext(request, context, params);
  const form = await readForm(request, context);
  const answers = answersToSend(definition, draft.answers, journey);
  if (definition.declaration && form.get("declaration") !== "ja") {
    return data(pageData(definition, draft, answers, journey, true, context.services.config.municipality.units), {
      status: 400,
    });
  }
  const { services, session } = context;
  // A person who chose to stay anonymous is not the sender, logged in or not: no person, no
  // receipt notice, no Mina sidor, and an anonymous actor in the audit log.
  const person = session?.kind === "resident" && !definition.anonymous?.(answers) ? session.person : null;
  let submitted;
  try {
    submitted = await submitDraft(
      {
        db: services.database.db,
        keyring: services.config.secrets.keyring,
        personLookup: services.config.secrets.personLookup,
        boss: services.boss,
      },
      {
        draft,
        definition,
        journey,
        personId: person?.id ?? null,
        protectedIdentity: person?.protectedIdentity ?? false,
        language: await languageOfRequest(request),
        senderKey: person ? null : anonymousSenderKey(services.config.secrets.session, owner),
        channel: "e-service",
        actor: person ? { kind: "person", id: person.id } : { kind: "anonymous" },
      },
    );
  } catch (error) {
    if (!(error instanceof SubmitConflict)) throw error;
    // What was chosen is no longer possible: back to that step, with the reason.
    return redirect(
      `${stepUrl(definition, draft.id, error.stepId)}?${new URLSearchParams({ konflikt: error.messageKey })}`,
      303,
    );
  }
  return redirect(receiptUrl(context, definition, submitted.reference, owner), 303);
}

/**
 * Where the receipt is. An anonymous sender reaches it with a key bound to their browser.
 */
export function receiptUrl(
  context: RequestContext,
  definition: EServiceDefinition,
  reference: string,
  holder: DraftOwner,
) {
  const base = `/${definition.slug}/kvittens/${reference}`;
  if ("personId" in holder) return base;
  return `${base}?${new URLSearchParams({ nyckel: anonymousReceiptKey(context.services.config.secrets.session, reference, holder) })}`;
}
