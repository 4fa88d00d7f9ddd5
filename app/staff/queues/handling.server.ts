import { eq, sql } from "drizzle-orm";
import { robotItem, robotItemEvent, submission, submissionEvent } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import { queueNames, type QueueName, type Routing } from "~/intake/definition";
import { enqueueNotice } from "~/notify/notices.server";
import { enqueueIntakeItem } from "~/queue/intake-queue.server";
import { afterRegistrationDays } from "~/retention/settings.server";
import { REQUEUED, REGISTERED_BY_HAND } from "./item-events.server";
import {
  type HandlingOutcome,
  lockItem,
  requireWaiting,
  requireNotTakenByOther,
  refusals,
  type HandlingDependencies,
} from "./handling-guards.server";

/** Registering an item by hand with the case number created, or putting it back on a queue as new work. */

const CASE_TEXT = /^[\p{L}\p{N}][\p{L}\p{N} .:/_-]{0,59}$/u;

/** What a case number and case system may look like: 1–60 letters, digits and - / . : _ or spaces. */
export function checkCaseFields(caseNumber: string, caseSystem: string): string[] {
  const wrong: string[] = [];
  if (!CASE_TEXT.test(caseNumber)) wrong.push("caseNumber");
  if (!CASE_TEXT.test(caseSystem)) wrong.push("caseSystem");
  return wrong;
}

/**
 * The item was registered in the case system by a person: for a submission, the person's Mina
 * sidor shows it registered with the case number (a notice says something changed, never what),
 * and the portal keeps its copy for the service's retention after registration — exactly as when
 * the robot completes it.
 */
export async function registerByHand(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
  input: { caseNumber: string; caseSystem: string },
): Promise<HandlingOutcome> {
  const caseNumber = input.caseNumber.trim();
  const caseSystem = input.caseSystem.trim();
  const wrong = checkCaseFields(caseNumber, caseSystem);
  if (wrong.length) return { ok: false, reason: "invalid", fields: wrong };
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      requireNotTakenByOther(item, actor);
      await tx
        .update(robotItem)
        .set({
          state: "successful",
          caseNumber,
          caseSystem,
          leaseExpiresAt: null,
          finishedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(eq(robotItem.id, itemId));
      await tx.insert(robotItemEvent).values({
        itemId,
        kind: REGISTERED_BY_HAND,
        details: { staff: actor.id, caseNumber, caseSystem, previousState: item.state },
      });
      if (item.kind === "submission") {
        const days = await afterRegistrationDays(tx, row.serviceId);
        await tx
          .update(submission)
          .set({
            status: row.status === "received" ? "registered" : row.status,
            registeredAt: sql`now()`,
            caseNumber,
            caseSystem,
            retainUntil: days === undefined ? row.retainUntil : sql`now() + make_interval(days => ${days})`,
          })
          .where(eq(submission.id, row.id));
        await tx.insert(submissionEvent).values({
          submissionId: row.id,
          kind: "registered",
          visibleToPerson: true,
          details: { caseNumber, caseSystem, manual: true },
        });
        if (row.personId)
          await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "status", submissionId: row.id });
      } else {
        await tx.insert(submissionEvent).values({
          submissionId: row.id,
          kind: `${item.kind}_registered`,
          visibleToPerson: false,
          details: { itemId, manual: true },
        });
      }
      await audit(tx, {
        actor,
        action: "robot_item_registered_by_hand",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, queue, caseSystem, previousState: item.state },
      });
      return { ok: true } as const;
    }),
  );
}

/**
 * Puts a failed item back on a queue as new work (its own queue, or another when it was routed
 * wrong), after the person corrected what stopped the robot — usually in the case system. The
 * reason goes into the item's history, which the robot can read; the old item stays as it was,
 * marked as requeued. An item already registered is refused: it would be registered twice.
 */
export async function requeueItem(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
  input: { reason: string; targetQueue?: string },
): Promise<HandlingOutcome> {
  const reason = input.reason.trim().replace(/\r\n/g, "\n");
  const target = input.targetQueue || queue;
  const fields: string[] = [];
  if (reason.length < 3 || reason.length > 500) fields.push("reason");
  if (!(queueNames as readonly string[]).includes(target)) fields.push("targetQueue");
  if (fields.length) return { ok: false, reason: "invalid", fields };
  const targetQueue = target as QueueName;
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      requireNotTakenByOther(item, actor);
      const routing: Routing = { queue: targetQueue, priority: item.priority, flags: row.flags as Routing["flags"] };
      const newItemId = await enqueueIntakeItem(tx, deps.boss, routing, {
        kind: item.kind as "submission" | "supplement" | "withdrawal",
        submissionId: row.id,
        reference: row.reference,
        serviceId: row.serviceId,
        ...(item.messageId ? { messageId: item.messageId } : {}),
      });
      await tx.insert(robotItemEvent).values({
        itemId,
        kind: REQUEUED,
        details: { staff: actor.id, reason, newItemId, queue: targetQueue },
      });
      await tx.insert(robotItemEvent).values({
        itemId: newItemId,
        kind: "requeued_from",
        details: { staff: actor.id, reason, previousItemId: itemId, previousQueue: queue },
      });
      if (item.kind === "submission" && targetQueue !== row.queue)
        await tx.update(submission).set({ queue: targetQueue }).where(eq(submission.id, row.id));
      await audit(tx, {
        actor,
        action: "robot_item_requeued",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, from: queue, to: targetQueue, newItem: newItemId, previousState: item.state },
      });
      return { ok: true, newItemId } as const;
    }),
  );
}
