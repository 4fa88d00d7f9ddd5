import type { StaffRole } from "~/auth/staff-roles";
import { data, redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { person, submission } from "#db/schema";
import { requireStaff } from "~/auth/guards.server";
import { readForm } from "~/http/form.server";
import { eServices, moduleOf, serviceById, serviceBySlug } from "~/e-services/registry.server";
import { languageOfRequest } from "~/i18n/i18next.server";
import { SubmitConflict, type EServiceDefinition } from "~/intake/definition";
import { loadDraft } from "~/intake/drafts.server";
import { answersToSend, journeyState } from "~/intake/journey";
import { staffDraftOwner } from "~/intake/owner.server";
import { isValidReference } from "~/intake/reference";
import { answerSections, reviewLoader, type ReviewPageData, type ReviewSection } from "~/intake/review.server";
import { definitionAt } from "~/intake/versions";
import { stepUrl } from "~/intake/step-url";
import { readSubmission, submissionForDraft, submitDraft } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import { mayWorkQueue } from "../access";
import { requireArea, staffActor } from "../guard.server";
import {
  assistedChannels,
  assistedOfSubmission,
  openRecorded,
  type AssistedChannel,
  type RecordedPerson,
} from "~/intake/recorded-person.server";
import { ownAssistedDraft, readPersonForm, startAssisted, type PersonProblems } from "./assisted.server";

/**
 * The staff pages of the assisted and paper channels: choose the e-service and the channel,
 * record the person (for an application or a booking), walk the e-service's own steps, check and
 * send, and the receipt to give the person.
 */

export interface AssistedStartData {
  services: { id: string; slug: string; needsPerson: boolean }[];
  chosen: { service: string | null; channel: string | null };
  errors: ("service" | "channel")[];
}

const channelOf = (value: string | null): AssistedChannel | null =>
  (assistedChannels as readonly string[]).includes(value ?? "") ? (value as AssistedChannel) : null;

/** An e-service this staff member may register; 403 (audited) for one of another unit's. */
async function allowedService(request: Request, context: RequestContext, slug: string | null) {
  const session = await requireArea(request, context, "assisted");
  const definition = serviceBySlug(slug ?? undefined);
  if (!definition) return { session, definition: null };
  const roles = [...moduleOf(definition.id).staffRoles];
  // The same refusal, and the same audit, as a page the role does not open.
  if (!roles.some((r) => session.staff.roles.includes(r))) await requireStaff(request, context, roles);
  return { session, definition };
}

/** The e-services these roles may register on someone's behalf: those whose module names one of them. */
const assistedServicesOf = (roles: readonly StaffRole[]) =>
  eServices.filter((m) => m.staffRoles.some((role) => roles.includes(role))).map((m) => m.definition.id);

const needsPerson = (definition: EServiceDefinition) => definition.access === "login";

export async function assistedStartLoader(request: Request, context: RequestContext): Promise<AssistedStartData> {
  const session = await requireArea(request, context, "assisted");
  const url = new URL(request.url);
  const ids = assistedServicesOf(session.staff.roles);
  const preset = serviceBySlug(url.searchParams.get("tjanst") ?? undefined);
  return {
    services: ids.map((id) => serviceById(id)!).map((d) => ({ id: d.id, slug: d.slug, needsPerson: needsPerson(d) })),
    chosen: { service: preset && ids.includes(preset.id) ? preset.slug : null, channel: null },
    errors: [],
  };
}

const firstStep = (definition: EServiceDefinition, draftId: string) =>
  stepUrl(definition, draftId, journeyState(definition, {}, { loggedIn: false, today: new Date() }).resumeAt);

export async function assistedStartAction(request: Request, context: RequestContext) {
  const form = await readForm(request, context);
  const { session, definition } = await allowedService(request, context, form.get("service"));
  const channel = channelOf(form.get("channel"));
  if (!definition || !channel) {
    const page = await assistedStartLoader(request, context);
    return data(
      {
        ...page,
        chosen: { service: definition?.slug ?? null, channel },
        errors: [...(definition ? [] : ["service" as const]), ...(channel ? [] : ["channel" as const])],
      },
      { status: 400 },
    );
  }
  if (needsPerson(definition))
    return redirect(
      `/personal/registrera/person?${new URLSearchParams({ tjanst: definition.slug, kanal: channel })}`,
      303,
    );
  const { services } = context;
  const draftId = await startAssisted(services.database.db, services.config.secrets, {
    definition,
    channel,
    staffSubject: session.staff.subject,
    person: null,
    draftDays: services.config.retention.draftDays,
  });
  return redirect(firstStep(definition, draftId), 303);
}

export interface AssistedPersonData {
  serviceId: string;
  slug: string;
  channel: AssistedChannel;
  problems: PersonProblems;
  values: Record<string, string>;
}

async function personContext(request: Request, context: RequestContext) {
  const url = new URL(request.url);
  const { session, definition } = await allowedService(request, context, url.searchParams.get("tjanst"));
  const channel = channelOf(url.searchParams.get("kanal"));
  if (!definition || !channel || !needsPerson(definition)) throw data(null, { status: 404 });
  return { session, definition, channel };
}

export async function assistedPersonLoader(request: Request, context: RequestContext): Promise<AssistedPersonData> {
  const { definition, channel } = await personContext(request, context);
  return { serviceId: definition.id, slug: definition.slug, channel, problems: {}, values: {} };
}

export async function assistedPersonAction(request: Request, context: RequestContext) {
  const { session, definition, channel } = await personContext(request, context);
  const form = await readForm(request, context);
  const read = readPersonForm(form);
  if (!read.ok)
    return data(
      { serviceId: definition.id, slug: definition.slug, channel, problems: read.problems, values: read.values },
      { status: 400 },
    );
  const { services } = context;
  const draftId = await startAssisted(services.database.db, services.config.secrets, {
    definition,
    channel,
    staffSubject: session.staff.subject,
    person: read.person,
    draftDays: services.config.retention.draftDays,
  });
  return redirect(firstStep(definition, draftId), 303);
}

// ---- Check and send ------------------------------------------------------------------------

export interface AssistedReviewData {
  review: ReviewPageData;
  recorded: RecordedPerson;
  /** The answers name co-parties who would confirm with e-ID: staff attest they confirmed instead. */
  coParties: number;
  coPartiesMissing: boolean;
}

async function reviewContext(request: Request, context: RequestContext, draftId: string | undefined) {
  const session = await requireArea(request, context, "assisted");
  const { db } = context.services.database;
  if (draftId && /^[0-9a-f-]{36}$/.test(draftId)) {
    const sent = await submissionForDraft(db, draftId);
    const assisted = sent ? await assistedOfSubmission(db, draftId) : null;
    if (sent && assisted?.staffSubject === session.staff.subject)
      throw redirect(`/personal/registrera/kvittens/${sent.reference}`, 303);
  }
  const assisted = await ownAssistedDraft(db, draftId, session.staff.subject);
  const definition = assisted ? serviceById(assisted.serviceId) : null;
  if (!assisted || !definition) throw data(null, { status: 404 });
  const draft = await loadDraft(
    db,
    context.services.config.secrets.keyring,
    assisted.draftId,
    staffDraftOwner(session.staff.subject),
  );
  if (!draft) throw data(null, { status: 404 });
  return { session, assisted, definition, draft };
}

async function reviewPage(
  request: Request,
  context: RequestContext,
  draftId: string | undefined,
  extra: { declarationMissing?: boolean; coPartiesMissing?: boolean } = {},
): Promise<AssistedReviewData> {
  const { session, assisted, definition, draft } = await reviewContext(request, context, draftId);
  const review = (await reviewLoader(
    request,
    context,
    { service: definition.slug, draftId: draft.id },
    { assisted: true },
  )) as ReviewPageData;
  const { db } = context.services.database;
  const recorded = await openRecorded(
    db,
    context.services.config.secrets.keyring,
    assisted,
    staffActor(session),
    "assisted_review",
  );
  const journey = { loggedIn: false, pnr: recorded.personnummer ?? undefined, today: new Date() };
  const coParties = definition.coParties?.(answersToSend(definition, draft.answers, journey), journey).length ?? 0;
  return {
    review: { ...review, declarationMissing: extra.declarationMissing ?? false },
    recorded,
    coParties,
    coPartiesMissing: extra.coPartiesMissing ?? false,
  };
}

export const assistedReviewLoader = (request: Request, context: RequestContext, draftId: string | undefined) =>
  reviewPage(request, context, draftId);

export async function assistedReviewAction(request: Request, context: RequestContext, draftId: string | undefined) {
  const { session, assisted, definition, draft } = await reviewContext(request, context, draftId);
  const form = await readForm(request, context);
  const { services } = context;
  const { db } = services.database;
  const recorded = await openRecorded(
    db,
    services.config.secrets.keyring,
    assisted,
    staffActor(session),
    "assisted_send",
  );
  const journey = { loggedIn: false, pnr: recorded.personnummer ?? undefined, today: new Date() };
  const coParties = definition.coParties?.(answersToSend(definition, draft.answers, journey), journey).length ?? 0;
  const declarationMissing = !!definition.declaration && form.get("declaration") !== "ja";
  const coPartiesMissing = coParties > 0 && form.get("coPartiesConfirmed") !== "ja";
  if (declarationMissing || coPartiesMissing)
    return data(await reviewPage(request, context, draftId, { declarationMissing, coPartiesMissing }), { status: 400 });

  const [row] = assisted.personId
    ? await db
        .select({ protectedIdentity: person.protectedIdentity })
        .from(person)
        .where(eq(person.id, assisted.personId))
    : [];
  let submitted;
  try {
    submitted = await submitDraft(
      {
        db,
        keyring: services.config.secrets.keyring,
        personLookup: services.config.secrets.personLookup,
        boss: services.boss,
        unitListServices: services.config.unitListServices,
      },
      {
        draft,
        definition,
        journey,
        personId: assisted.personId,
        protectedIdentity: row?.protectedIdentity ?? false,
        language: await languageOfRequest(request),
        channel: assisted.channel,
        actor: staffActor(session),
        coPartiesConfirmed: coParties > 0,
      },
    );
  } catch (error) {
    if (!(error instanceof SubmitConflict)) throw error;
    return redirect(
      `${stepUrl(definition, draft.id, error.stepId)}?${new URLSearchParams({ konflikt: error.messageKey })}`,
      303,
    );
  }
  return redirect(`/personal/registrera/kvittens/${submitted.reference}`, 303);
}

// ---- The receipt ---------------------------------------------------------------------------

export interface AssistedReceiptData {
  serviceId: string;
  reference: string;
  status: string;
  channel: string;
  queue: string;
  submittedAt: string | null;
  createdAt: string;
  recorded: RecordedPerson;
  sections: ReviewSection[];
}

/**
 * The receipt of a submission made on someone's behalf: for the staff member who made it, or
 * anyone who works its queue. Anything else is a 404.
 */
export async function assistedReceiptLoader(
  request: Request,
  context: RequestContext,
  reference: string | undefined,
): Promise<AssistedReceiptData> {
  const session = await requireArea(request, context, "assisted");
  if (!reference || !isValidReference(reference)) throw data(null, { status: 404 });
  const { db } = context.services.database;
  const { keyring } = context.services.config.secrets;
  const [row] = await db.select().from(submission).where(eq(submission.reference, reference));
  const assisted = row ? await assistedOfSubmission(db, row.draftId) : null;
  const service = row ? serviceById(row.serviceId) : null;
  if (!row || !assisted || !service) throw data(null, { status: 404 });
  if (assisted.staffSubject !== session.staff.subject && !mayWorkQueue(session.staff.roles, row.queue))
    throw data(null, { status: 404 });
  const actor = staffActor(session);
  const view = await readSubmission(db, keyring, row, actor, "assisted_receipt");
  return {
    serviceId: row.serviceId,
    reference: row.reference,
    status: row.status,
    channel: row.channel,
    queue: row.queue,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    recorded: await openRecorded(db, keyring, assisted, actor, "assisted_receipt"),
    sections: answerSections(definitionAt(service, row.serviceVersion), view.answers, {
      units: context.services.config.municipality.units,
    }),
  };
}
