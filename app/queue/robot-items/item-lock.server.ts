import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { rowsOf, type AppDatabase, type Executor } from "#db/connect";
import { robotItem, robotItemEvent } from "#db/schema";
import type { FileStore } from "~/attachments/file-store.server";
import type { Actor } from "~/audit/audit.server";
import type { Keyring } from "~/crypto/envelope";
import type { QueueName } from "~/intake/definition";
import { BOSS_SCHEMA } from "../boss.server";
import { bossQueueName, type QueuePolicy } from "../intake-queue.server";
import { RobotApiError } from "../robot-errors";
import type { RobotPrincipal } from "../robot-tokens.server";

/**
 * What every change to a robot queue item shares: the item's row and the queue's dependencies,
 * the id and scope checks, locking the pg-boss job and then the item, the lease check, and the
 * item's event history. The order of the locks is the one a claim takes (decision 005).
 */

export type RobotItemRow = typeof robotItem.$inferSelect;
export type RobotItemState = RobotItemRow["state"];

/** What the queue reports as it works, for the metrics. */
export interface RobotQueueObserver {
  claimed(queue: string, count: number): void;
  completed(queue: string): void;
  failed(queue: string, kind: "application" | "business"): void;
  deadLettered(queue: string): void;
  abandoned(queue: string): void;
}

export const silentObserver: RobotQueueObserver = {
  claimed() {},
  completed() {},
  failed() {},
  deadLettered() {},
  abandoned() {},
};

export interface RobotQueueDependencies {
  db: AppDatabase;
  boss: PgBoss;
  keyring: Keyring;
  files: FileStore;
  policy: QueuePolicy;
  observer: RobotQueueObserver;
  /** The API's absolute base, e.g. https://e-tjanster.kommun.se/api/robot/v1, for links. */
  apiBase: string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const robotActor = (robot: RobotPrincipal): Actor => ({ kind: "robot", id: robot.tokenId });

/** Metric updates wait for the commit: a rolled-back change is not counted. */
export type AfterCommit = (() => void)[];
export const runAll = (after: AfterCommit) => after.forEach((f) => f());

// ---------------------------------------------------------------------------------------------
// Locking and lease checks

export interface Locked {
  item: RobotItemRow;
  /** The lease's end has passed, by the database's clock. */
  expired: boolean;
}

function requireItemId(itemId: string) {
  if (!UUID.test(itemId)) throw new RobotApiError("item_not_found", "There is no queue item with this id.");
}

export function requireScope(robot: RobotPrincipal, queue: string) {
  if (!(robot.queues as string[]).includes(queue))
    throw new RobotApiError("queue_out_of_scope", "This robot's token does not give access to the item's queue.");
}

/** The item (without lock), after the id and scope checks every item endpoint makes. */
export async function findItem(db: Executor, robot: RobotPrincipal, itemId: string): Promise<RobotItemRow> {
  requireItemId(itemId);
  const [item] = await db.select().from(robotItem).where(eq(robotItem.id, itemId));
  if (!item) throw new RobotApiError("item_not_found", "There is no queue item with this id.");
  requireScope(robot, item.queue);
  return item;
}

/** Locks the pg-boss job and then the item, in the order a claim takes them. */
export async function lockItem(tx: Executor, robot: RobotPrincipal, itemId: string): Promise<Locked> {
  const found = await findItem(tx, robot, itemId);
  await rowsOf(
    tx,
    sql`select id from ${sql.identifier(BOSS_SCHEMA)}.job
        where name = ${bossQueueName(found.queue as QueueName)} and id = ${itemId} for update`,
  );
  const [locked] = await tx
    .select({ item: robotItem, expired: sql<boolean>`${robotItem.leaseExpiresAt} <= clock_timestamp()` })
    .from(robotItem)
    .where(eq(robotItem.id, itemId))
    .for("update");
  if (!locked) throw new RobotApiError("item_not_found", "There is no queue item with this id.");
  return { item: locked.item, expired: locked.expired === true || String(locked.expired) === "t" };
}

/**
 * Refuses unless this robot holds a live lease on the item, under the lease id it was given
 * (a robot that lost its lease and claimed the item again must not act on the old claim).
 */
export function requireHeld({ item, expired }: Locked, robot: RobotPrincipal, leaseId: string | null) {
  const mine = item.holderTokenId === robot.tokenId && (leaseId === null || item.leaseId === leaseId);
  switch (item.state) {
    case "successful":
      throw new RobotApiError("already_completed", "The item is already completed.", {
        caseNumber: item.caseNumber,
        caseSystem: item.caseSystem,
      });
    case "business_exception":
    case "dead_lettered":
      throw new RobotApiError("already_failed", "The item has already failed and is with people now.", {
        state: item.state,
      });
    case "in_progress":
      if (item.holderTokenId !== robot.tokenId)
        throw new RobotApiError("held_by_another", "Another robot holds this item's lease.");
      if (!mine)
        throw new RobotApiError("lease_superseded", "This lease was replaced by a newer claim of the same item.");
      if (expired)
        throw new RobotApiError("lease_expired", "The lease has expired; the item goes back to its queue.", {
          leaseExpiresAt: item.leaseExpiresAt?.toISOString() ?? null,
        });
      return;
    default:
      if (mine && item.state === "abandoned")
        throw new RobotApiError("lease_expired", "The lease has expired; the item went back to its queue.");
      if (mine && item.state === "failed_application")
        throw new RobotApiError("already_failed", "This lease ended with a failure; the item waits for its retry.", {
          state: item.state,
        });
      throw new RobotApiError("item_not_held", "This robot does not hold the item; claim it first.", {
        state: item.state,
      });
  }
}

/** How many jobs a pg-boss command changed (its typings say void; it returns a count). */
export const affected = (result: unknown) => (result as { affected?: number } | undefined)?.affected ?? 0;

export async function jobState(tx: Executor, queue: string, id: string) {
  // Timestamps as epoch milliseconds: the two drivers return raw timestamps in different shapes.
  const [job] = await rowsOf<{ state: string; start_after_ms: number | string }>(
    tx,
    sql`select state::text as state, (extract(epoch from start_after) * 1000)::float8 as start_after_ms
        from ${sql.identifier(BOSS_SCHEMA)}.job
        where name = ${bossQueueName(queue as QueueName)} and id = ${id}`,
  );
  return job ? { state: job.state, startAfter: new Date(Number(job.start_after_ms)) } : null;
}

export async function addEvent(
  tx: Executor,
  itemId: string,
  kind: string,
  tokenId: string | null,
  details?: Record<string, string | number | boolean | null>,
) {
  await tx.insert(robotItemEvent).values({ itemId, kind, tokenId, details: details ?? null });
}
