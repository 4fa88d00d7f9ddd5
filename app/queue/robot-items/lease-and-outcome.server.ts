import { and, desc, eq, lt, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "#db/connect";
import { robotItem, robotItemEvent, submission, submissionEvent, type RobotCompletionOutput } from "#db/schema";
import { audit } from "~/audit/audit.server";
import type { QueueName } from "~/intake/definition";
import { afterRegistrationDays } from "~/retention/settings.server";
import { enqueueNotice } from "~/notify/notices.server";
import { BOSS_SCHEMA, inTransaction } from "../boss.server";
import { bossQueueName } from "../intake-queue.server";
import { RobotApiError } from "../robot-errors";
import type { RobotPrincipal } from "../robot-tokens.server";
import {
  type RobotItemRow,
  type RobotItemState,
  type RobotQueueDependencies,
  robotActor,
  type AfterCommit,
  runAll,
  lockItem,
  requireHeld,
  affected,
  jobState,
  addEvent,
} from "./item-lock.server";
import { type ItemView, itemView } from "./item-view.server";

/**
 * A held item's lease and how it ends: heartbeat, completion (idempotent on replay), postponing,
 * failure (retried or dead-lettered by pg-boss), and putting expired leases back.
 */

export interface LeaseView {
  id: string;
  expiresAt: string;
}

/**
 * Extends a held lease to `seconds` from now. pg-boss has no heartbeat: its job's expire_in is
 * set so that started_on + expire_in is the new end, in one statement that also requires the
 * job to still be active, so the maintenance that expires leases sees the new end or none.
 */
export async function extendLease(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: { leaseId: string; seconds?: number },
): Promise<LeaseView> {
  const seconds = input.seconds ?? deps.policy.leaseSeconds;
  return deps.db.transaction(async (tx) => {
    const locked = await lockItem(tx, robot, itemId);
    requireHeld(locked, robot, input.leaseId);
    const name = bossQueueName(locked.item.queue as QueueName);
    const updated = await rowsOf(
      tx,
      sql`update ${sql.identifier(BOSS_SCHEMA)}.job
          set expire_in = (clock_timestamp() - started_on) + make_interval(secs => ${seconds})
          where name = ${name} and id = ${itemId} and state = 'active'
          returning id`,
    );
    if (updated.length !== 1)
      throw new RobotApiError("lease_expired", "The lease has expired; the item goes back to its queue.");
    await tx.execute(sql`
      update robot_item i set lease_expires_at = j.started_on + j.expire_in, updated_at = now()
      from ${sql.identifier(BOSS_SCHEMA)}.job j
      where j.name = ${name} and j.id = i.id and i.id = ${itemId}`);
    const [row] = await tx.select().from(robotItem).where(eq(robotItem.id, itemId));
    const expiresAt = row!.leaseExpiresAt!.toISOString();
    await addEvent(tx, itemId, "lease_extended", robot.tokenId, { leaseId: input.leaseId, leaseExpiresAt: expiresAt });
    return { id: input.leaseId, expiresAt };
  });
}

export interface CompleteInput {
  leaseId: string;
  caseNumber: string;
  caseSystem: string;
  output?: RobotCompletionOutput;
}

/** The item as completed; `replayed` when this very completion was already made (nothing changed). */
export type CompleteResult = ItemView & { replayed: boolean };

/**
 * The robot registered the item in the case system. For a submission, the person's Mina sidor
 * then shows it as registered with the case number, and the portal's copy is kept only for the
 * service's grace period (retain_until).
 */
export async function completeItem(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: CompleteInput,
): Promise<CompleteResult> {
  const after: AfterCommit = [];
  const view = await deps.db.transaction(async (tx): Promise<CompleteResult> => {
    const locked = await lockItem(tx, robot, itemId);
    if (await isSameCompletion(tx, locked.item, robot, input))
      return { ...itemView(locked.item, robot), replayed: true };
    requireHeld(locked, robot, input.leaseId);
    const { item } = locked;
    const name = bossQueueName(item.queue as QueueName);
    const done = await deps.boss.complete(
      name,
      itemId,
      { caseNumber: input.caseNumber, caseSystem: input.caseSystem },
      inTransaction(tx),
    );
    if (affected(done) !== 1)
      throw new RobotApiError("lease_expired", "The lease has expired; the item goes back to its queue.");

    await tx
      .update(robotItem)
      .set({
        state: "successful",
        caseNumber: input.caseNumber,
        caseSystem: input.caseSystem,
        output: input.output ?? null,
        leaseExpiresAt: null,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(robotItem.id, itemId));
    await addEvent(tx, itemId, "completed", robot.tokenId, {
      leaseId: input.leaseId,
      caseNumber: input.caseNumber,
      caseSystem: input.caseSystem,
    });

    const [row] = await tx.select().from(submission).where(eq(submission.id, item.submissionId)).for("update");
    if (row && item.kind === "submission") {
      // The administrator's retention setting, or the service's default (app/staff/retention).
      const days = await afterRegistrationDays(tx, row.serviceId);
      await tx
        .update(submission)
        .set({
          status: row.status === "received" ? "registered" : row.status,
          registeredAt: sql`now()`,
          caseNumber: input.caseNumber,
          caseSystem: input.caseSystem,
          retainUntil: days === undefined ? row.retainUntil : sql`now() + make_interval(days => ${days})`,
        })
        .where(eq(submission.id, row.id));
      await tx.insert(submissionEvent).values({
        submissionId: row.id,
        kind: "registered",
        visibleToPerson: true,
        details: { caseNumber: input.caseNumber, caseSystem: input.caseSystem },
      });
      if (row.personId)
        await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "status", submissionId: row.id });
    } else if (row) {
      await tx.insert(submissionEvent).values({
        submissionId: row.id,
        kind: `${item.kind}_registered`,
        visibleToPerson: false,
        details: { itemId },
      });
    }
    await audit(tx, {
      actor: robotActor(robot),
      action: "robot_item_completed",
      subject: { kind: "robot_item", id: itemId },
      details: { submission: item.submissionId, caseSystem: input.caseSystem },
    });
    after.push(() => deps.observer.completed(item.queue));
    const [updated] = await tx.select().from(robotItem).where(eq(robotItem.id, itemId));
    return { ...itemView(updated!, robot), replayed: false };
  });
  runAll(after);
  return view;
}

/**
 * A completion this robot already made under this lease, with the same case: its answer was
 * lost on the way, so the robot sends it again. Read from the item's own "completed" event, so
 * an item a person registered by hand, or one completed under another lease, is never replayed.
 */
async function isSameCompletion(tx: Executor, item: RobotItemRow, robot: RobotPrincipal, input: CompleteInput) {
  if (item.state !== "successful") return false;
  const [completed] = await tx
    .select({ tokenId: robotItemEvent.tokenId, details: robotItemEvent.details })
    .from(robotItemEvent)
    .where(and(eq(robotItemEvent.itemId, item.id), eq(robotItemEvent.kind, "completed")))
    .orderBy(desc(robotItemEvent.id))
    .limit(1);
  return (
    !!completed &&
    completed.tokenId === robot.tokenId &&
    completed.details?.leaseId === input.leaseId &&
    completed.details?.caseNumber === input.caseNumber &&
    completed.details?.caseSystem === input.caseSystem &&
    sameJson(item.output ?? null, input.output ?? null)
  );
}

/** Equal as JSON, whatever the order of the keys (jsonb does not keep it). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([x], [y]) => (x < y ? -1 : 1))
            .map(([k, w]) => [k, canonical(w)]),
        )
      : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

export interface PostponeInput {
  leaseId: string;
  /** When the item may be claimed again. */
  until: Date;
  reason: string;
}

/** How far ahead an item may be postponed: long enough for a weekend and a holiday. */
export const MAX_POSTPONE_DAYS = 7;

/**
 * The robot hands a held item back on purpose (the case system is closed for the night): it
 * waits until `until` and is then claimed as before. Unlike a failure or an expired lease this
 * spends no retry and adds no backoff: pg-boss's job goes back to `created` with its start
 * moved, and `started_on` cleared so that the next fetch does not count a retry. The claim
 * count is given back too, so the next claim carries the same attempt number.
 */
export async function postponeItem(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: PostponeInput,
): Promise<ItemView> {
  return deps.db.transaction(async (tx) => {
    const locked = await lockItem(tx, robot, itemId);
    requireHeld(locked, robot, input.leaseId);
    const [window] = await rowsOf<{ ok: boolean | string }>(
      tx,
      sql`select (${input.until.toISOString()}::timestamptz > clock_timestamp()
                  and ${input.until.toISOString()}::timestamptz <= clock_timestamp() + make_interval(days => ${MAX_POSTPONE_DAYS})) as ok`,
    );
    if (!(window?.ok === true || String(window?.ok) === "t"))
      throw new RobotApiError(
        "invalid_request",
        `until: must be in the future and at most ${MAX_POSTPONE_DAYS} days ahead`,
      );
    const name = bossQueueName(locked.item.queue as QueueName);
    const moved = await rowsOf(
      tx,
      sql`update ${sql.identifier(BOSS_SCHEMA)}.job
          set state = 'created', started_on = null, start_after = ${input.until.toISOString()}::timestamptz,
              expire_in = make_interval(secs => ${deps.policy.leaseSeconds})
          where name = ${name} and id = ${itemId} and state = 'active'
          returning id`,
    );
    if (moved.length !== 1)
      throw new RobotApiError("lease_expired", "The lease has expired; the item goes back to its queue.");
    await tx
      .update(robotItem)
      .set({
        state: "postponed",
        attempts: sql`greatest(${robotItem.attempts} - 1, 0)`,
        reason: input.reason,
        leaseExpiresAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(robotItem.id, itemId));
    await addEvent(tx, itemId, "postponed", robot.tokenId, {
      leaseId: input.leaseId,
      until: input.until.toISOString(),
      reason: input.reason,
    });
    await audit(tx, {
      actor: robotActor(robot),
      action: "robot_item_postponed",
      subject: { kind: "robot_item", id: itemId },
      details: { submission: locked.item.submissionId },
    });
    const [updated] = await tx.select().from(robotItem).where(eq(robotItem.id, itemId));
    return { ...itemView(updated!, robot), nextAttemptAt: input.until.toISOString() };
  });
}

export interface FailInput {
  leaseId: string;
  kind: "application" | "business";
  reason: string;
}

/**
 * An application exception (the case system is down) goes back to pg-boss to be retried with
 * exponential backoff and is dead-lettered once its retries are spent. A business exception
 * (data the robot cannot register) is never retried: its pg-boss job is completed, so nothing
 * runs it again, and the item is marked for people to handle.
 */
export async function failItem(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: FailInput,
): Promise<ItemView> {
  const after: AfterCommit = [];
  const view = await deps.db.transaction(async (tx) => {
    const locked = await lockItem(tx, robot, itemId);
    requireHeld(locked, robot, input.leaseId);
    const { item } = locked;
    const name = bossQueueName(item.queue as QueueName);
    const output = { kind: input.kind, reason: input.reason };
    const result =
      input.kind === "business"
        ? await deps.boss.complete(name, itemId, { businessException: true, ...output }, inTransaction(tx))
        : await deps.boss.fail(name, itemId, output, inTransaction(tx));
    if (affected(result) !== 1)
      throw new RobotApiError("lease_expired", "The lease has expired; the item goes back to its queue.");

    let state: RobotItemState;
    let nextAttemptAt: string | null = null;
    if (input.kind === "business") state = "business_exception";
    else {
      const job = await jobState(tx, item.queue, itemId);
      state = job?.state === "failed" ? "dead_lettered" : "failed_application";
      if (job && state === "failed_application") nextAttemptAt = job.startAfter.toISOString();
    }
    const finished = state !== "failed_application";
    await tx
      .update(robotItem)
      .set({
        state,
        reason: input.reason,
        leaseExpiresAt: null,
        finishedAt: finished ? sql`now()` : null,
        updatedAt: sql`now()`,
      })
      .where(eq(robotItem.id, itemId));
    await addEvent(tx, itemId, input.kind === "business" ? "business_exception" : "failed_application", robot.tokenId, {
      leaseId: input.leaseId,
      reason: input.reason,
      nextAttemptAt,
    });
    if (state === "dead_lettered") {
      await addEvent(tx, itemId, "dead_lettered", null, { attempts: item.attempts });
      after.push(() => deps.observer.deadLettered(item.queue));
    }
    await audit(tx, {
      actor: robotActor(robot),
      action: input.kind === "business" ? "robot_item_business_exception" : "robot_item_failed",
      subject: { kind: "robot_item", id: itemId },
      details: { submission: item.submissionId, state },
    });
    after.push(() => deps.observer.failed(item.queue, input.kind));
    const [updated] = await tx.select().from(robotItem).where(eq(robotItem.id, itemId));
    return { ...itemView(updated!, robot), nextAttemptAt };
  });
  runAll(after);
  return view;
}

/**
 * Puts items whose lease ran out back in their queue (or dead-letters them when their retries
 * are spent), recording it in their history. pg-boss's maintenance expires the jobs too; this
 * does it at once, in the same transaction as the item's own state.
 */
export async function reconcileLeases(
  deps: Pick<RobotQueueDependencies, "db" | "boss" | "observer">,
  options: { queue?: QueueName; itemId?: string } = {},
): Promise<number> {
  const due = await deps.db
    .select({ id: robotItem.id, queue: robotItem.queue })
    .from(robotItem)
    .where(
      and(
        eq(robotItem.state, "in_progress"),
        lt(robotItem.leaseExpiresAt, sql`clock_timestamp()`),
        options.queue ? eq(robotItem.queue, options.queue) : undefined,
        options.itemId ? eq(robotItem.id, options.itemId) : undefined,
      ),
    )
    .limit(100);
  let count = 0;
  for (const { id, queue } of due) {
    const after: AfterCommit = [];
    const changed = await deps.db.transaction(async (tx) => {
      const name = bossQueueName(queue as QueueName);
      await rowsOf(
        tx,
        sql`select id from ${sql.identifier(BOSS_SCHEMA)}.job where name = ${name} and id = ${id} for update`,
      );
      const [item] = await tx
        .select()
        .from(robotItem)
        .where(
          and(
            eq(robotItem.id, id),
            eq(robotItem.state, "in_progress"),
            lt(robotItem.leaseExpiresAt, sql`clock_timestamp()`),
          ),
        )
        .for("update");
      if (!item) return false;
      let job = await jobState(tx, queue, id);
      if (job?.state === "active") {
        await deps.boss.fail(name, id, { reason: "lease_expired" }, inTransaction(tx));
        job = await jobState(tx, queue, id);
      }
      if (!job || !["created", "retry", "failed"].includes(job.state)) return false;
      const dead = job.state === "failed";
      await tx
        .update(robotItem)
        .set({
          state: dead ? "dead_lettered" : "abandoned",
          reason: "lease_expired",
          finishedAt: dead ? sql`now()` : null,
          updatedAt: sql`now()`,
        })
        .where(eq(robotItem.id, id));
      await addEvent(tx, id, "abandoned", item.holderTokenId, {
        leaseId: item.leaseId,
        reason: "lease_expired",
        nextAttemptAt: dead ? null : job.startAfter.toISOString(),
      });
      after.push(() => deps.observer.abandoned(queue));
      if (dead) {
        await addEvent(tx, id, "dead_lettered", null, { attempts: item.attempts });
        after.push(() => deps.observer.deadLettered(queue));
      }
      return true;
    });
    if (changed) {
      count++;
      runAll(after);
    }
  }
  return count;
}

/** How often the portal puts expired leases back, besides every claim doing it for its queue. */
export const RECONCILE_INTERVAL_MS = 15_000;

/** Runs reconcileLeases in the background; returns the function that stops it. */
export function startLeaseReconciler(
  deps: Pick<RobotQueueDependencies, "db" | "boss" | "observer">,
  logger: { warn(object: object, message: string): void },
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcileLeases(deps)
      .catch((error) => logger.warn({ err: error }, "putting expired robot leases back failed"))
      .finally(() => (running = false));
  }, RECONCILE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
