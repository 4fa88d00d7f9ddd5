import { eq, sql } from "drizzle-orm";
import { robotItem, robotItemEvent } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import type { QueueName } from "~/intake/definition";
import { TAKEN, TAKEN_OVER, RELEASED } from "./item-events.server";
import {
  type HandlingOutcome,
  Refused,
  lockItem,
  requireWaiting,
  requireNotTakenByOther,
  refusals,
  type HandlingDependencies,
} from "./handling-guards.server";

/** Taking an item to handle it (taking it over from a colleague, with a reason) and giving it back. */

/** A reason for taking over another's item: 3–500 characters, as a requeue's. */
const takeoverReason = (text: string) => text.trim().replace(/\r\n/g, "\n");

/**
 * Takes a waiting item to handle it by hand. Taking one already held by someone else is a
 * take-over and needs a reason; without one, the answer says who holds it. Taking one's own item
 * again changes nothing.
 */
export async function takeItem(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
  input: { reason?: string } = {},
): Promise<HandlingOutcome> {
  const reason = takeoverReason(input.reason ?? "");
  if (input.reason !== undefined && (reason.length < 3 || reason.length > 500))
    return { ok: false, reason: "invalid", fields: ["takeoverReason"] };
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      if (item.takenBy === actor.id) return { ok: true } as const;
      const from = item.takenBy;
      if (from && input.reason === undefined)
        throw new Refused({ ok: false, reason: "taken_by_colleague", takenBy: from });
      await tx
        .update(robotItem)
        .set({ takenBy: actor.id, takenAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(robotItem.id, itemId));
      await tx.insert(robotItemEvent).values({
        itemId,
        kind: from ? TAKEN_OVER : TAKEN,
        details: from ? { staff: actor.id, from, reason } : { staff: actor.id },
      });
      // The reason is the item's history (content); the log keeps who took it from whom.
      await audit(tx, {
        actor,
        action: from ? "robot_item_taken_over" : "robot_item_taken",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, queue, ...(from ? { from } : {}) },
      });
      return { ok: true } as const;
    }),
  );
}

/** The caseworker who holds the item gives it back, so anyone may take it. */
export async function releaseItem(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
): Promise<HandlingOutcome> {
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      requireNotTakenByOther(item, actor);
      if (!item.takenBy) throw new Refused({ ok: false, reason: "not_taken" });
      await tx
        .update(robotItem)
        .set({ takenBy: null, takenAt: null, updatedAt: sql`now()` })
        .where(eq(robotItem.id, itemId));
      await tx.insert(robotItemEvent).values({ itemId, kind: RELEASED, details: { staff: actor.id } });
      await audit(tx, {
        actor,
        action: "robot_item_released",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, queue },
      });
      return { ok: true } as const;
    }),
  );
}
