import { data, redirect } from "@remix-run/node";
import { and, desc, eq, inArray } from "drizzle-orm";
import { submission } from "#db/schema";
import { serviceBySlug } from "../e-services/registry.server";
import { readForm } from "../http/form.server";
import type { RequestContext } from "../load-context";
import type { CustomStepContext, EServiceDefinition, FieldProblem, JourneyContext, StepDef } from "./definition";
import {
  createDraft,
  draftHeldByOther,
  latestResumableDraft,
  loadDraft,
  saveDraftAnswers,
  type Draft,
  type DraftOwner,
} from "./drafts.server";
import { auditRefusal } from "../audit/refusal.server";
import type { AnswersSoFar, FieldContext } from "./fields";
import {
  canVisit,
  isDocumentsStep,
  journeyState,
  nextAfter,
  previousBefore,
  REVIEW,
  validateFields,
  visibleFields,
  type StepValidation,
} from "./journey";
import { documentsAction, documentsPage } from "./documents-step.server";
import { currentOwner, newAnonymousOwner } from "./owner.server";
import { stepUrl } from "./step-url";
import { readSubmission } from "./submissions.server";
import { fieldViews, type FieldView } from "./view";

/**
 * The HTTP side of filling in an e-service, shared by every service: starting a draft, showing
 * and saving a step (plain or "add another"), with the journey deciding where a person may go.
 */

export interface StepPageData {
  kind: "fields";
  serviceId: string;
  slug: string;
  draftId: string;
  stepId: string;
  fields: FieldView[];
  repeat: null | {
    items: { index: number; title: string }[];
    min: number;
    max: number;
    /** The item being changed, when the item form holds an existing one. */
    editing: number | null;
    /** "Continue" was pressed with fewer items than the step needs. */
    tooFew: boolean;
  };
  back: string | null;
  returnToReview: boolean;
  notice: StepDef["notice"] | null;
  /** Why the person was sent back here from sending: a key under the service's conflicts. */
  conflict: string | null;
  /** A custom step's own data, for the component the service registers for it. */
  custom: unknown;
  /** A custom step's problems (plain steps show theirs on their fields). */
  problems: FieldProblem[];
}

export function requireService(params: { service?: string }): EServiceDefinition {
  const definition = serviceBySlug(params.service);
  if (!definition) throw data(null, { status: 404 });
  return definition;
}

export function journeyContext(context: RequestContext): JourneyContext {
  const session = context.session?.kind === "resident" ? context.session : null;
  return { loggedIn: !!session, pnr: session?.person.pnr, today: new Date() };
}

export function fieldContext(context: RequestContext): FieldContext {
  return { today: new Date(), units: context.services.config.municipality.units };
}

/** The draft named in the URL, if it is this visitor's and still kept; a 404 otherwise. */
export async function requireDraft(
  request: Request,
  context: RequestContext,
  definition: EServiceDefinition,
  draftId: string | undefined,
): Promise<{ draft: Draft; owner: DraftOwner }> {
  const owner = currentOwner(request, context, definition);
  const draft =
    owner && draftId
      ? await loadDraft(context.services.database.db, context.services.config.secrets.keyring, draftId, owner)
      : null;
  if (!draft || draft.serviceId !== definition.id) {
    if (draftId && (await draftHeldByOther(context.services.database.db, draftId, owner)))
      await auditRefusal(context, { kind: "draft", id: draftId });
    throw data({ draftGone: true }, { status: 404 });
  }
  return { draft, owner: owner! };
}

/** Starts a new draft and goes to its first step. */
export async function startDraft(request: Request, context: RequestContext, definition: EServiceDefinition) {
  await readForm(request, context);
  // Staff register on someone's behalf from the staff pages, where the person is recorded first.
  if (context.session?.kind === "staff") throw redirect(`/personal/registrera?tjanst=${definition.slug}`, 303);
  const { db } = context.services.database;
  const { keyring } = context.services.config.secrets;
  let owner = currentOwner(request, context, definition);
  const headers = new Headers();
  if (!owner) {
    const anonymous = newAnonymousOwner(context);
    owner = anonymous.owner;
    headers.append("Set-Cookie", anonymous.setCookie);
  }
  // Pressing "start" again continues the person's unfinished draft rather than making another.
  const unfinished = "personId" in owner ? await latestResumableDraft(db, keyring, definition, owner.personId) : null;
  if (unfinished) {
    const resumeAt = journeyState(definition, unfinished.answers, journeyContext(context)).resumeAt;
    headers.set("Location", stepUrl(definition, unfinished.id, resumeAt));
    return new Response(null, { status: 303, headers });
  }
  const answers = "personId" in owner && definition.prefill ? await prefilled(context, definition, owner.personId) : {};
  const id = await createDraft(db, keyring, definition, owner, answers, context.services.config.retention.draftDays);
  const first = journeyState(definition, answers, journeyContext(context)).resumeAt;
  headers.set("Location", stepUrl(definition, id, first));
  return new Response(null, { status: 303, headers });
}

/** "Apply again": the answers of the person's last sent submission, as the service wants them reused. */
async function prefilled(
  context: RequestContext,
  definition: EServiceDefinition,
  personId: string,
): Promise<AnswersSoFar> {
  const { db } = context.services.database;
  const [last] = await db
    .select()
    .from(submission)
    .where(
      and(
        eq(submission.personId, personId),
        eq(submission.serviceId, definition.id),
        inArray(submission.status, ["received", "registered", "supplement_requested", "closed"]),
      ),
    )
    .orderBy(desc(submission.createdAt))
    .limit(1);
  if (!last || last.serviceVersion !== definition.version) return {};
  const view = await readSubmission(
    db,
    context.services.config.secrets.keyring,
    last,
    { kind: "person", id: personId },
    "prefill",
  );
  return definition.prefill!(view.answers);
}

function findStep(definition: EServiceDefinition, stepId: string | undefined): StepDef {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) throw data(null, { status: 404 });
  return step;
}

function itemTitle(step: StepDef, item: Record<string, unknown>, index: number) {
  const title = item[step.repeat!.titleField];
  return typeof title === "string" && title ? title : `#${index + 1}`;
}

/** Whether anything was typed into a repeating step's item fields (blank fields add nothing). */
function itemTyped(step: StepDef, form: URLSearchParams, answers: AnswersSoFar) {
  return visibleFields(step, answers).some(([name, field]) =>
    field.inputNames(name).some((inputName) => form.getAll(inputName).some((value) => value.trim() !== "")),
  );
}

function customContext(context: RequestContext, { draft, journey }: StepContext): CustomStepContext {
  return {
    db: context.services.database.db,
    answers: draft.answers,
    journey,
    draftId: draft.id,
    personId: context.session?.kind === "resident" ? context.session.person.id : null,
    today: new Date(),
  };
}

interface StepContext {
  definition: EServiceDefinition;
  draft: Draft;
  step: StepDef;
  journey: JourneyContext;
}

async function stepContext(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
): Promise<StepContext> {
  const definition = requireService(params);
  const { draft } = await requireDraft(request, context, definition, params.draftId);
  const step = findStep(definition, params.step);
  const journey = journeyContext(context);
  const state = journeyState(definition, draft.answers, journey);
  if (!canVisit(state, step.id)) throw redirect(stepUrl(definition, draft.id, state.resumeAt));
  return { definition, draft, step, journey };
}

function pageData(
  request: Request,
  context: RequestContext,
  { definition, draft, step, journey }: StepContext,
  options: {
    problems?: Extract<StepValidation, { ok: false }>;
    editing?: number | null;
    tooFew?: boolean;
    returnToReview?: boolean;
    custom?: unknown;
  } = {},
): StepPageData {
  const url = new URL(request.url);
  const state = journeyState(definition, draft.answers, journey);
  const previous = previousBefore(state, step.id);
  const saved = draft.answers[step.id];
  const items = step.repeat ? ((saved?.items as Record<string, unknown>[] | undefined) ?? []) : [];
  const editingParam = url.searchParams.get("post");
  const editing =
    options.editing ??
    (editingParam !== null && /^\d{1,2}$/.test(editingParam) && Number(editingParam) < items.length
      ? Number(editingParam)
      : null);
  const formValues = step.repeat ? (editing !== null ? items[editing] : undefined) : saved;
  return {
    kind: "fields",
    serviceId: definition.id,
    slug: definition.slug,
    draftId: draft.id,
    stepId: step.id,
    fields: fieldViews(step, draft.answers, formValues, fieldContext(context), options.problems),
    repeat: step.repeat
      ? {
          items: items.map((item, index) => ({ index, title: itemTitle(step, item, index) })),
          min: step.repeat.min,
          max: step.repeat.max,
          editing,
          tooFew: options.tooFew ?? false,
        }
      : null,
    back: previous ? stepUrl(definition, draft.id, previous) : `/${definition.slug}`,
    returnToReview: options.returnToReview ?? url.searchParams.get("andra") === "1",
    notice: step.notice ?? null,
    conflict: /^[\w-]{1,60}$/.test(url.searchParams.get("konflikt") ?? "") ? url.searchParams.get("konflikt") : null,
    custom: options.custom ?? null,
    problems: step.custom ? (options.problems?.problems ?? []) : [],
  };
}

export async function stepLoader(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
) {
  const ctx = await stepContext(request, context, params);
  if (isDocumentsStep(ctx.definition, ctx.step))
    return documentsPage(request, context, ctx.definition, ctx.draft, ctx.step.id, ctx.journey);
  if (ctx.step.custom)
    return pageData(request, context, ctx, { custom: await ctx.step.custom.load(customContext(context, ctx)) });
  return pageData(request, context, ctx);
}

const save = (context: RequestContext, draft: Draft, answers: AnswersSoFar) =>
  saveDraftAnswers(
    context.services.database.db,
    context.services.config.secrets.keyring,
    draft.id,
    answers,
    context.services.config.retention.draftDays,
  );

export async function stepAction(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
) {
  const ctx = await stepContext(request, context, params);
  const { definition, draft, step, journey } = ctx;
  if (isDocumentsStep(definition, step)) return documentsAction(request, context, definition, draft, step.id, journey);
  const form = await readForm(request, context);
  const returnToReview = form.get("returnToReview") === "1";
  const intent = form.get("intent") ?? "continue";
  const answers = { ...draft.answers };
  const fieldCtx = fieldContext(context);

  const goOn = () => {
    const state = journeyState(definition, answers, journey);
    const next = returnToReview && state.resumeAt === REVIEW ? REVIEW : nextAfter(state, step.id);
    return redirect(stepUrl(definition, draft.id, next), 303);
  };

  if (step.custom) {
    if (intent !== "continue") throw data(null, { status: 400 });
    const result = await step.custom.read(form, customContext(context, ctx));
    if (!result.ok) {
      const custom = await step.custom.load(customContext(context, ctx));
      return data(pageData(request, context, ctx, { problems: { ...result, typed: {} }, returnToReview, custom }), {
        status: 400,
      });
    }
    answers[step.id] = result.values;
    await save(context, draft, answers);
    return goOn();
  }

  if (!step.repeat) {
    if (intent !== "continue") throw data(null, { status: 400 });
    const result = validateFields(step, form, answers, fieldCtx);
    if (!result.ok) return data(pageData(request, context, ctx, { problems: result, returnToReview }), { status: 400 });
    answers[step.id] = result.values;
    await save(context, draft, answers);
    return goOn();
  }

  const items = [...((answers[step.id]?.items as Record<string, unknown>[] | undefined) ?? [])];
  const index = (name: string) => {
    const raw = form.get(name);
    if (raw === null || raw === "") return null;
    if (!/^\d{1,2}$/.test(raw) || Number(raw) >= items.length) throw data(null, { status: 400 });
    return Number(raw);
  };

  switch (intent) {
    case "add": {
      const editing = index("editing");
      if (editing === null && items.length >= step.repeat.max) throw data(null, { status: 400 });
      const result = validateFields(step, form, answers, fieldCtx);
      if (!result.ok)
        return data(pageData(request, context, ctx, { problems: result, editing, returnToReview }), { status: 400 });
      if (editing === null) items.push(result.values);
      else items[editing] = result.values;
      answers[step.id] = { items };
      await save(context, draft, answers);
      return redirect(`${stepUrl(definition, draft.id, step.id)}${returnToReview ? "?andra=1" : ""}`, 303);
    }
    case "remove": {
      const at = index("index");
      if (at === null) throw data(null, { status: 400 });
      items.splice(at, 1);
      answers[step.id] = { items };
      await save(context, draft, answers);
      return redirect(`${stepUrl(definition, draft.id, step.id)}${returnToReview ? "?andra=1" : ""}`, 303);
    }
    case "continue": {
      // The item's fields and "continue" share one form, so what was typed is never thrown away:
      // a filled-in item is added (or its change saved) before going on, and a wrong one is shown again.
      const editing = index("editing");
      if (itemTyped(step, form, answers)) {
        if (editing === null && items.length >= step.repeat.max) throw data(null, { status: 400 });
        const result = validateFields(step, form, answers, fieldCtx);
        if (!result.ok)
          return data(pageData(request, context, ctx, { problems: result, editing, returnToReview }), {
            status: 400,
          });
        if (editing === null) items.push(result.values);
        else items[editing] = result.values;
      }
      if (items.length < step.repeat.min) {
        return data(pageData(request, context, ctx, { tooFew: true, returnToReview }), { status: 400 });
      }
      answers[step.id] = { items };
      await save(context, draft, answers);
      return goOn();
    }
    default:
      throw data(null, { status: 400 });
  }
}
