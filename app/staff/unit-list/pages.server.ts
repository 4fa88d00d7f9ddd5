import { data, redirect } from "@remix-run/node";
import { audit } from "~/audit/audit.server";
import { loadPerson } from "~/auth/people.server";
import { serviceById } from "~/e-services/registry.server";
import { readForm } from "~/http/form.server";
import { isValidReference } from "~/intake/reference";
import { answerSections, type ReviewSection } from "~/intake/review.server";
import { readSubmission } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import { queuesOf } from "../access";
import { requireArea, staffActor } from "../guard.server";
import { markHandled, unitItemByReference, unitList, type UnitListRow } from "./unit-list.server";

export interface UnitListPageData {
  items: UnitListRow[];
  /** The municipality routes a service here (unitListServices); otherwise the list only holds earlier ones. */
  active: boolean;
  done: string | null;
}

export async function unitListLoader(request: Request, context: RequestContext): Promise<UnitListPageData> {
  const session = await requireArea(request, context, "unitList");
  const done = new URL(request.url).searchParams.get("hanterad");
  return {
    items: await unitList(context.services.database.db, queuesOf(session.staff.roles)),
    active: context.services.config.unitListServices.length > 0,
    done: done && isValidReference(done) ? done : null,
  };
}

export interface UnitItemPageData {
  reference: string;
  serviceId: string;
  receivedAt: string;
  status: string;
  handledAt: string | null;
  news: boolean;
  sender: { name: string | null; personnummer: string; protectedIdentity: boolean } | null;
  sections: ReviewSection[];
}

async function openItem(request: Request, context: RequestContext, reference: string | undefined) {
  const session = await requireArea(request, context, "unitList");
  if (!reference || !isValidReference(reference)) throw data(null, { status: 404 });
  const found = await unitItemByReference(context.services.database.db, queuesOf(session.staff.roles), reference);
  if (!found) throw data(null, { status: 404 });
  return { session, ...found };
}

/** One submission on the list: its answers and sender, each read audited as the queue's item page does. */
export async function unitItemLoader(
  request: Request,
  context: RequestContext,
  reference: string | undefined,
): Promise<UnitItemPageData> {
  const { session, item, submission } = await openItem(request, context, reference);
  const { db } = context.services.database;
  const { keyring } = context.services.config.secrets;
  const actor = staffActor(session);
  const view = await readSubmission(db, keyring, submission, actor, "unit_list");
  let sender: UnitItemPageData["sender"] = null;
  if (submission.personId) {
    const person = await loadPerson(db, keyring, submission.personId);
    if (person) {
      sender = { name: person.name, personnummer: person.pnr, protectedIdentity: person.protectedIdentity };
      await audit(db, {
        actor,
        action: "person_read",
        subject: { kind: "submission", id: submission.id },
        details: { purpose: "unit_list", people: 1 },
      });
    }
  }
  const definition = serviceById(submission.serviceId);
  const sent = definition
    ? answerSections(definition, view.answers, { units: context.services.config.municipality.units })
    : [];
  return {
    reference: item.reference,
    serviceId: item.serviceId,
    receivedAt: item.createdAt.toISOString(),
    status: submission.status,
    handledAt: item.handledAt?.toISOString() ?? null,
    news: !!item.newsAt && !item.handledAt,
    sender,
    sections: definition?.sectionsNow ? await definition.sectionsNow(db, submission.id, sent) : sent,
  };
}

export async function unitItemAction(request: Request, context: RequestContext, reference: string | undefined) {
  const { session, item } = await openItem(request, context, reference);
  const form = await readForm(request, context);
  if (form.get("intent") !== "handled") throw data(null, { status: 400 });
  await markHandled(context.services.database.db, staffActor(session), item.submissionId, item.serviceId);
  return redirect(`/personal/familjeratt/forfragningar?${new URLSearchParams({ hanterad: item.reference })}`, 303);
}
