import { data, redirect } from "@remix-run/node";
import { attachmentResponse } from "~/attachments/open-attachment.server";
import { audit } from "~/audit/audit.server";
import { requireStaff } from "~/auth/guards.server";
import { serviceById } from "~/e-services/registry.server";
import { readForm } from "~/http/form.server";
import { queueNames, queueRole, type QueueName } from "~/intake/definition";
import { answerSections, type ReviewSection } from "~/intake/review.server";
import { definitionAt } from "~/intake/versions";
import type { RequestContext } from "~/load-context";
import { queuesOf } from "../access";
import { staffNames } from "~/auth/staff-directory.server";
import { requireArea, staffActor } from "../guard.server";
import {
  failedItems,
  findItem,
  itemDetail,
  itemFile,
  queueOverview,
  registerByHand,
  releaseItem,
  requeueItem,
  takeItem,
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
  items: (FailedItem & { takenByName: string | null })[];
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
  const items = await failedItems(db, queue);
  const names = await staffNames(
    db,
    context.services.config.secrets.keyring,
    items.map((i) => i.takenBy),
  );
  return {
    queue,
    overview: (await queueOverview(db, [queue]))[0]!,
    items: items.map((i) => ({ ...i, takenByName: i.takenBy ? (names.get(i.takenBy) ?? i.takenBy) : null })),
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
  refusal: (Exclude<HandlingOutcome, { ok: true }> & { takenByName?: string }) | null;
  form: HandlingIntent | null;
  values: Record<string, string>;
  /** The staff member looking at the page: whether they hold the item is told apart from another's hold. */
  me: string;
  /** "taken": the item was just taken (or taken over); "released": given back. */
  done: "taken" | "released" | null;
}

const INTENTS = ["register", "requeue", "take", "takeover", "release"] as const;
export type HandlingIntent = (typeof INTENTS)[number];

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
  const service = serviceById(detail.submission.serviceId);
  const definition = service && definitionAt(service, detail.submission.serviceVersion);
  const done = new URL(request.url).searchParams.get("klart");
  const refusal =
    extra.refusal?.reason === "taken_by_colleague"
      ? {
          ...extra.refusal,
          takenByName:
            (await staffNames(db, context.services.config.secrets.keyring, [extra.refusal.takenBy])).get(
              extra.refusal.takenBy,
            ) ?? extra.refusal.takenBy,
        }
      : extra.refusal;
  const sent = definition
    ? answerSections(definition, answers, { units: context.services.config.municipality.units })
    : [];
  // As the answers hold now: a booked time moved after sending shows as moved.
  const sections = definition?.sectionsNow ? await definition.sectionsNow(db, item.submissionId, sent) : sent;
  return {
    queue,
    detail,
    me: session.staff.subject,
    done: done === "taken" || done === "released" ? done : null,
    sections,
    targets: [...queueNames],
    ...extra,
    refusal,
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
  const actor = staffActor(session);
  const deps = { db, boss: context.services.boss };
  const intent = form.get("intent");
  const values = Object.fromEntries(
    ["caseNumber", "caseSystem", "reason", "targetQueue", "takeoverReason"].map((k) => [
      k,
      (form.get(k) ?? "").slice(0, 600),
    ]),
  );
  if (!(INTENTS as readonly (string | null)[]).includes(intent)) throw data(null, { status: 400 });
  const handling = intent as HandlingIntent;
  let outcome: HandlingOutcome;
  if (handling === "take" || handling === "takeover" || handling === "release") {
    outcome =
      handling === "release"
        ? await releaseItem(deps, actor, queue, item.id)
        : await takeItem(
            deps,
            actor,
            queue,
            item.id,
            handling === "takeover" ? { reason: values.takeoverReason! } : {},
          );
    if (outcome.ok)
      return redirect(`/personal/koer/${queue}/${item.id}?klart=${handling === "release" ? "released" : "taken"}`, 303);
  } else if (handling === "register")
    outcome = await registerByHand(deps, actor, queue, item.id, {
      caseNumber: values.caseNumber!,
      caseSystem: values.caseSystem!,
    });
  else
    outcome = await requeueItem(deps, actor, queue, item.id, {
      reason: values.reason!,
      targetQueue: values.targetQueue,
    });
  if (outcome.ok)
    return redirect(
      `/personal/koer/${queue}?${new URLSearchParams({ klart: intent === "register" ? "registered" : "requeued", ref: item.reference })}`,
      303,
    );
  const page = await itemPage(request, context, name, itemId, { refusal: outcome, form: handling, values });
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
