import { data, redirect } from "@remix-run/node";
import { attachmentResponse } from "~/attachments/open-attachment.server";
import { audit } from "~/audit/audit.server";
import { requireStaff } from "~/auth/guards.server";
import { serviceById } from "~/e-services/registry.server";
import { readForm } from "~/http/form.server";
import { queueNames, queueRole, type QueueName } from "~/intake/definition";
import { answerSections, type ReviewSection } from "~/intake/review.server";
import type { RequestContext } from "~/load-context";
import { queuesOf } from "../access";
import { requireArea, staffActor } from "../guard.server";
import {
  failedItems,
  findItem,
  itemDetail,
  itemFile,
  queueOverview,
  registerByHand,
  requeueItem,
  type FailedItem,
  type HandlingOutcome,
  type ItemDetail,
  type QueueOverview,
} from "./queues.server";

/** The loaders and actions of the queue pages: the overview, one queue's failures, one item. */

export interface OverviewData {
  queues: QueueOverview[];
  /** The queues whose items this staff member may open. */
  workable: QueueName[];
  at: string;
}

/** The queues a staff member sees counts for: their own; an administrator sees every queue. */
export const visibleQueues = (roles: readonly string[]): QueueName[] =>
  roles.includes("administrator") ? [...queueNames] : queuesOf(roles as never);

export async function overviewLoader(request: Request, context: RequestContext): Promise<OverviewData> {
  const session = await requireArea(request, context, "queues");
  return {
    queues: await queueOverview(context.services.database.db, visibleQueues(session.staff.roles)),
    workable: queuesOf(session.staff.roles),
    at: new Date().toISOString(),
  };
}

/** A queue the staff member works: 404 for no such queue, 403 (audited) for another unit's. */
async function requireQueue(request: Request, context: RequestContext, queue: string | undefined) {
  await requireArea(request, context, "queues");
  if (!queue || !(queueNames as readonly string[]).includes(queue)) throw data(null, { status: 404 });
  const session = await requireStaff(request, context, [queueRole[queue as QueueName]]);
  return { session, queue: queue as QueueName };
}

export interface QueueData {
  queue: QueueName;
  overview: QueueOverview;
  items: FailedItem[];
  done: { what: "registered" | "requeued"; reference: string } | null;
  at: string;
}

export async function queueLoader(
  request: Request,
  context: RequestContext,
  name: string | undefined,
): Promise<QueueData> {
  const { queue } = await requireQueue(request, context, name);
  const { db } = context.services.database;
  const url = new URL(request.url);
  const what = url.searchParams.get("klart");
  const reference = url.searchParams.get("ref") ?? "";
  return {
    queue,
    overview: (await queueOverview(db, [queue]))[0]!,
    items: await failedItems(db, queue),
    done:
      (what === "registered" || what === "requeued") && /^[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(reference)
        ? { what, reference }
        : null,
    at: new Date().toISOString(),
  };
}

export interface ItemPageData {
  queue: QueueName;
  detail: Omit<ItemDetail, "answers">;
  sections: ReviewSection[];
  /** The queues an item may be moved to when it was routed wrong. */
  targets: QueueName[];
  refusal: Exclude<HandlingOutcome, { ok: true }> | null;
  form: "register" | "requeue" | null;
  values: Record<string, string>;
}

async function itemPage(
  request: Request,
  context: RequestContext,
  name: string | undefined,
  itemId: string | undefined,
  extra: Pick<ItemPageData, "refusal" | "form" | "values"> = { refusal: null, form: null, values: {} },
): Promise<ItemPageData> {
  const { session, queue } = await requireQueue(request, context, name);
  const { db } = context.services.database;
  const item = await findItem(db, queue, itemId);
  if (!item) throw data(null, { status: 404 });
  const { answers, ...detail } = await itemDetail(
    db,
    context.services.config.secrets.keyring,
    staffActor(session),
    item,
  );
  const definition = serviceById(detail.submission.serviceId);
  const sent = definition
    ? answerSections(definition, answers, { units: context.services.config.municipality.units })
    : [];
  return {
    queue,
    detail,
    // As the answers hold now: a booked time moved after sending shows as moved.
    sections: definition?.sectionsNow ? await definition.sectionsNow(db, item.submissionId, sent) : sent,
    targets: [...queueNames],
    ...extra,
  };
}

export const itemLoader = (request: Request, context: RequestContext, queue?: string, itemId?: string) =>
  itemPage(request, context, queue, itemId);

export async function itemAction(request: Request, context: RequestContext, name?: string, itemId?: string) {
  const { session, queue } = await requireQueue(request, context, name);
  const form = await readForm(request, context);
  const { db } = context.services.database;
  const item = await findItem(db, queue, itemId);
  if (!item) throw data(null, { status: 404 });
  const actor = { kind: "staff" as const, id: session.staff.subject };
  const deps = { db, boss: context.services.boss };
  const intent = form.get("intent");
  const values = Object.fromEntries(
    ["caseNumber", "caseSystem", "reason", "targetQueue"].map((k) => [k, (form.get(k) ?? "").slice(0, 600)]),
  );
  let outcome: HandlingOutcome;
  if (intent === "register")
    outcome = await registerByHand(deps, actor, queue, item.id, {
      caseNumber: values.caseNumber!,
      caseSystem: values.caseSystem!,
    });
  else if (intent === "requeue")
    outcome = await requeueItem(deps, actor, queue, item.id, {
      reason: values.reason!,
      targetQueue: values.targetQueue,
    });
  else throw data(null, { status: 400 });
  if (outcome.ok)
    return redirect(
      `/personal/koer/${queue}?${new URLSearchParams({ klart: intent === "register" ? "registered" : "requeued", ref: item.reference })}`,
      303,
    );
  const page = await itemPage(request, context, name, itemId, { refusal: outcome, form: intent, values });
  return data(page, { status: outcome.reason === "invalid" ? 400 : 409 });
}

/** One of the item's files, decrypted as it streams; the read is audited before a byte leaves. */
export async function itemFileLoader(
  request: Request,
  context: RequestContext,
  name?: string,
  itemId?: string,
  fileId?: string,
) {
  const { session, queue } = await requireQueue(request, context, name);
  const { db } = context.services.database;
  const item = await findItem(db, queue, itemId);
  const file = item ? await itemFile(db, item, fileId) : null;
  if (!item || !file) throw data(null, { status: 404 });
  await audit(db, {
    actor: staffActor(session),
    action: "attachment_read",
    subject: { kind: "attachment", id: file.id },
    details: { purpose: "manual_handling", item: item.id },
  });
  return attachmentResponse(context.services.files, context.services.config.secrets.keyring, file);
}
