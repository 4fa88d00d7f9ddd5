import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { z } from "zod";
import { rowsOf, type AppDatabase, type Executor } from "#db/connect";
import {
  attachment,
  message,
  robotItem,
  robotItemEvent,
  robotToken,
  submission,
  submissionEvent,
  type RobotCompletionOutput,
} from "#db/schema";
import type { FileStore } from "~/attachments/file-store.server";
import { openStoredFile } from "~/attachments/open-attachment.server";
import { audit, type Actor } from "~/audit/audit.server";
import { openText, seal, type Keyring } from "~/crypto/envelope";
import type { QueueName } from "~/intake/definition";
import { serviceById } from "~/e-services/registry.server";
import { readSubmission } from "~/intake/submissions.server";
import { afterRegistrationDays } from "~/retention/settings.server";
import { enqueueNotice } from "~/notify/notices.server";
import { BOSS_SCHEMA, inTransaction } from "../boss.server";
import { bossQueueName, type IntakeItem, type QueuePolicy } from "../intake-queue.server";
import { filesOf, itemContents } from "../item-contents.server";
import type { claimedItem } from "../robot-api-schemas";
import { RobotApiError } from "../robot-errors";
import type { RobotPrincipal } from "../robot-tokens.server";

/**
 * The robotic-intake queue as a robot sees it (UiPath Orchestrator's queue semantics) on top of
 * pg-boss. pg-boss stores, orders, leases, retries and dead-letters the jobs; the robot_item row
 * beside each job (same id) holds what pg-boss does not: the RPA state, who holds the lease
 * under which lease id, the case number it became, and an event history.
 *
 * Every change to an item runs in one transaction that locks the pg-boss job row first and the
 * item row second (a claim locks in the same order), checks that the caller holds a live lease,
 * and changes both or neither. See docs/decisions/005-robot-queue.md.
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

export const MAX_CLAIM = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const robotActor = (robot: RobotPrincipal): Actor => ({ kind: "robot", id: robot.tokenId });

/** Metric updates wait for the commit: a rolled-back change is not counted. */
type AfterCommit = (() => void)[];
const runAll = (after: AfterCommit) => after.forEach((f) => f());

// ---------------------------------------------------------------------------------------------
// Locking and lease checks

interface Locked {
  item: RobotItemRow;
  /** The lease's end has passed, by the database's clock. */
  expired: boolean;
}

function requireItemId(itemId: string) {
  if (!UUID.test(itemId)) throw new RobotApiError("item_not_found", "There is no queue item with this id.");
}

function requireScope(robot: RobotPrincipal, queue: string) {
  if (!(robot.queues as string[]).includes(queue))
    throw new RobotApiError("queue_out_of_scope", "This robot's token does not give access to the item's queue.");
}

/** The item (without lock), after the id and scope checks every item endpoint makes. */
async function findItem(db: Executor, robot: RobotPrincipal, itemId: string): Promise<RobotItemRow> {
  requireItemId(itemId);
  const [item] = await db.select().from(robotItem).where(eq(robotItem.id, itemId));
  if (!item) throw new RobotApiError("item_not_found", "There is no queue item with this id.");
  requireScope(robot, item.queue);
  return item;
}

/** Locks the pg-boss job and then the item, in the order a claim takes them. */
async function lockItem(tx: Executor, robot: RobotPrincipal, itemId: string): Promise<Locked> {
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
function requireHeld({ item, expired }: Locked, robot: RobotPrincipal, leaseId: string | null) {
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
const affected = (result: unknown) => (result as { affected?: number } | undefined)?.affected ?? 0;

async function jobState(tx: Executor, queue: string, id: string) {
  // Timestamps as epoch milliseconds: the two drivers return raw timestamps in different shapes.
  const [job] = await rowsOf<{ state: string; start_after_ms: number | string }>(
    tx,
    sql`select state::text as state, (extract(epoch from start_after) * 1000)::float8 as start_after_ms
        from ${sql.identifier(BOSS_SCHEMA)}.job
        where name = ${bossQueueName(queue as QueueName)} and id = ${id}`,
  );
  return job ? { state: job.state, startAfter: new Date(Number(job.start_after_ms)) } : null;
}

async function addEvent(
  tx: Executor,
  itemId: string,
  kind: string,
  tokenId: string | null,
  details?: Record<string, string | number | boolean | null>,
) {
  await tx.insert(robotItemEvent).values({ itemId, kind, tokenId, details: details ?? null });
}

// ---------------------------------------------------------------------------------------------
// Claiming

/** What a robot gets at a claim: the schema the robot API answers with is the one type. */
export type ClaimedItem = z.output<typeof claimedItem>;

/**
 * Claims up to `max` items from a queue, highest priority first and oldest first within a
 * priority, each under a new lease. pg-boss's fetch (FOR UPDATE SKIP LOCKED) runs in the same
 * transaction that records the claim, so two robots never get the same item, and a claim that
 * fails leaves the items where they were.
 */
export async function claimItems(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  queue: QueueName,
  max: number,
): Promise<ClaimedItem[]> {
  requireScope(robot, queue);
  // Leases that ran out are put back first, so they can be claimed now rather than at the next maintenance.
  await reconcileLeases(deps, { queue });
  const after: AfterCommit = [];
  const claimed = await deps.db.transaction(async (tx) => {
    const name = bossQueueName(queue);
    const jobs = await deps.boss.fetch<IntakeItem>(name, {
      batchSize: Math.max(1, Math.min(MAX_CLAIM, max)),
      priority: true,
      includeMetadata: true,
      ...inTransaction(tx),
    });
    if (jobs.length === 0) return [];
    // pg-boss picks the jobs in order (priority, then age) but its UPDATE … RETURNING hands them
    // back in no particular order: put them back in the order they were picked.
    jobs.sort(
      (a, b) =>
        b.priority - a.priority ||
        new Date(a.createdOn).getTime() - new Date(b.createdOn).getTime() ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const ids = await ensureItemRows(tx, deps.boss, queue, jobs);
    if (ids.length === 0) return [];

    const before = await tx.select().from(robotItem).where(inArray(robotItem.id, ids)).for("update");
    for (const row of before) {
      if (row.state === "in_progress") {
        // pg-boss's own maintenance expired this lease before we noticed: say so in the history.
        await addEvent(tx, row.id, "abandoned", row.holderTokenId, { reason: "lease_expired" });
        after.push(() => deps.observer.abandoned(queue));
      }
    }
    const leases = new Map<string, string>();
    for (const id of ids) {
      const leaseId = randomUUID();
      leases.set(id, leaseId);
      await tx.execute(sql`
        update robot_item i set
          state = 'in_progress', attempts = i.attempts + 1, lease_id = ${leaseId}, holder_token_id = ${robot.tokenId},
          claimed_at = j.started_on, lease_expires_at = j.started_on + j.expire_in, reason = null, updated_at = now()
        from ${sql.identifier(BOSS_SCHEMA)}.job j
        where j.name = ${name} and j.id = i.id and i.id = ${id}`);
    }
    const rows = await tx.select().from(robotItem).where(inArray(robotItem.id, ids));
    // Priority, then age (the order sorted above) is the order the robot gets them in.
    rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    for (const row of rows) {
      await addEvent(tx, row.id, "claimed", robot.tokenId, {
        leaseId: row.leaseId,
        attempt: row.attempts,
        leaseExpiresAt: row.leaseExpiresAt?.toISOString() ?? null,
      });
    }
    const payloads: ClaimedItem[] = [];
    for (const row of rows) payloads.push(await itemPayload(tx, deps, robot, row));
    after.push(() => deps.observer.claimed(queue, rows.length));
    return payloads;
  });
  runAll(after);
  return claimed;
}

/** Items queued before robot_item existed get their row when first claimed. */
async function ensureItemRows(
  tx: Executor,
  boss: PgBoss,
  queue: QueueName,
  jobs: PgBoss.JobWithMetadata<IntakeItem>[],
): Promise<string[]> {
  const ids = jobs.map((j) => j.id);
  const existing = new Set(
    (await tx.select({ id: robotItem.id }).from(robotItem).where(inArray(robotItem.id, ids))).map((r) => r.id),
  );
  const missing = jobs.filter((j) => !existing.has(j.id));
  if (missing.length === 0) return ids;
  const known = new Set(
    (
      await tx
        .select({ id: submission.id })
        .from(submission)
        .where(
          inArray(
            submission.id,
            missing.map((j) => j.data.submissionId).filter((id) => typeof id === "string" && UUID.test(id)),
          ),
        )
    ).map((r) => r.id),
  );
  const usable: string[] = [...existing];
  for (const job of missing) {
    if (!known.has(job.data.submissionId)) {
      // Nothing to deliver: the submission is gone (deleted after retention). Done, not retried.
      await boss.complete(job.name, job.id, { orphan: true }, inTransaction(tx));
      continue;
    }
    await tx.insert(robotItem).values({
      id: job.id,
      queue,
      kind: job.data.kind,
      submissionId: job.data.submissionId,
      messageId: job.data.messageId ?? null,
      reference: job.data.reference,
      serviceId: job.data.serviceId,
      priority: job.priority,
      state: "new",
      createdAt: job.createdOn,
    });
    await addEvent(tx, job.id, "queued", null, { queue });
    usable.push(job.id);
  }
  return ids.filter((id) => usable.includes(id));
}

/** Everything the robot needs to register the item; every opened secret is audited as read. */
async function itemPayload(
  tx: Executor,
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  item: RobotItemRow,
): Promise<ClaimedItem> {
  const { row, view, sender, coParties, recorded, carried, files } = await itemContents(
    tx,
    deps.keyring,
    robotActor(robot),
    item,
    // A supplement or a withdrawal refers to a case the robot already registered: no answers again.
    { purpose: "robot_claim", answers: item.kind === "submission", coParties: true },
  );
  return {
    id: item.id,
    reference: item.reference,
    kind: item.kind as IntakeItem["kind"],
    queue: item.queue as QueueName,
    serviceId: row.serviceId,
    serviceVersion: row.serviceVersion,
    answersSchema: `${deps.apiBase}/schemas/${encodeURIComponent(row.serviceId)}/${row.serviceVersion}`,
    priority: item.priority,
    flags: row.flags,
    channel: row.channel,
    language: row.language,
    arrivedAt: row.submittedAt?.toISOString() ?? null,
    attempt: item.attempts,
    lease: { id: item.leaseId!, expiresAt: item.leaseExpiresAt!.toISOString() },
    caseNumber: row.caseNumber,
    caseSystem: row.caseSystem,
    sender,
    recordedPerson: recorded ? (({ channel: _channel, ...rest }) => rest)(recorded) : null,
    coParties,
    answers: view?.answers ?? null,
    computed: view?.computed ?? null,
    message: carried,
    attachments: files.map((f) => ({
      id: f.id,
      filename: f.filename,
      contentType: f.contentType,
      size: f.sizeBytes,
      sha256: f.sha256,
      ruleId: f.ruleId,
      href: `${deps.apiBase}/items/${item.id}/attachments/${f.id}`,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Heartbeat, completion, failure

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

// ---------------------------------------------------------------------------------------------
// Reading

export interface ItemView {
  id: string;
  reference: string;
  kind: string;
  queue: string;
  serviceId: string;
  state: RobotItemState;
  priority: number;
  attempts: number;
  /** Only its holder sees the lease id. */
  lease: { id: string | null; expiresAt: string; heldByYou: boolean } | null;
  caseNumber: string | null;
  caseSystem: string | null;
  output: RobotCompletionOutput | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  nextAttemptAt?: string | null;
  /** The last time a person registered the item by hand or put it back, and who (a listing and GET). */
  handledByPerson?: { action: string; at: string; staffId: string } | null;
}

function itemView(row: RobotItemRow, robot: RobotPrincipal): ItemView {
  const heldByYou = row.state === "in_progress" && row.holderTokenId === robot.tokenId;
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    queue: row.queue,
    serviceId: row.serviceId,
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    lease:
      row.state === "in_progress" && row.leaseExpiresAt
        ? { id: heldByYou ? row.leaseId : null, expiresAt: row.leaseExpiresAt.toISOString(), heldByYou }
        : null,
    caseNumber: row.caseNumber,
    caseSystem: row.caseSystem,
    output: row.output ?? null,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Item states whose pg-boss job waits to be claimed (again). */
const WAITING_STATES: readonly RobotItemState[] = ["new", "failed_application", "abandoned", "postponed"];

/**
 * The item as it stands now. A lease that ran out is put back first (as the reconciler would
 * within seconds), so the robot sees the item abandoned rather than still held; an item waiting
 * to be claimed says from when it may be.
 */
export async function getItem(deps: RobotQueueDependencies, robot: RobotPrincipal, itemId: string): Promise<ItemView> {
  let row = await findItem(deps.db, robot, itemId);
  if (row.state === "in_progress" && row.leaseExpiresAt && row.leaseExpiresAt.getTime() <= Date.now()) {
    await reconcileLeases(deps, { itemId });
    row = await findItem(deps.db, robot, itemId);
  }
  let nextAttemptAt: string | null = null;
  if (WAITING_STATES.includes(row.state)) {
    const job = await jobState(deps.db, row.queue, row.id);
    if (job && ["created", "retry"].includes(job.state)) nextAttemptAt = job.startAfter.toISOString();
  }
  const handled = await handledByPerson(deps.db, [row.id]);
  return { ...itemView(row, robot), nextAttemptAt, handledByPerson: handled.get(row.id) ?? null };
}

export interface ListQuery {
  /** One queue, or every queue the token may use. */
  queue?: QueueName;
  states?: RobotItemState[];
  /** The receipt number the person got. */
  reference?: string;
  /** Arrived in the queue at or after / before. */
  since?: Date;
  until?: Date;
  limit: number;
  /** From the previous page's nextCursor. */
  cursor?: string;
}

export interface ItemPage {
  items: ItemView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Staff actions on an item the robot could not register (app/staff/queues): the robot must not register it again. */
const HANDLED_BY_PERSON_EVENTS = ["registered_by_hand", "requeued"] as const;

/** A page position: the last item's arrival in microseconds (what the database keeps) and its id. */
const encodeCursor = (micros: string, id: string) => Buffer.from(`${micros}.${id}`).toString("base64url");
function decodeCursor(cursor: string): { micros: string; id: string } {
  const [micros, id] = Buffer.from(cursor, "base64url").toString().split(".");
  if (!micros || !/^\d{1,20}$/.test(micros) || !id || !UUID.test(id))
    throw new RobotApiError("invalid_request", "cursor: not a cursor this API gave");
  return { micros, id };
}

/**
 * A queue's items for a robot to reconcile its own records with: by state, by arrival time or
 * by receipt number, oldest first, a page at a time. Only the token's queues are searched; an
 * item a person handled carries who and when (`handledByPerson`).
 */
export async function listItems(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  query: ListQuery,
): Promise<ItemPage> {
  if (query.queue) requireScope(robot, query.queue);
  const queues = query.queue ? [query.queue] : (robot.queues as string[]);
  if (queues.length === 0) return { items: [], nextCursor: null };
  const position = query.cursor ? decodeCursor(query.cursor) : null;
  const micros = sql`(extract(epoch from ${robotItem.createdAt}) * 1000000)::bigint`;
  const rows = await deps.db
    .select({ item: robotItem, micros: sql<string>`${micros}::text` })
    .from(robotItem)
    .where(
      and(
        inArray(robotItem.queue, queues),
        query.states?.length ? inArray(robotItem.state, query.states) : undefined,
        query.reference ? eq(robotItem.reference, query.reference) : undefined,
        query.since ? sql`${robotItem.createdAt} >= ${query.since.toISOString()}::timestamptz` : undefined,
        query.until ? sql`${robotItem.createdAt} < ${query.until.toISOString()}::timestamptz` : undefined,
        position ? sql`(${micros}, ${robotItem.id}) > (${position.micros}::bigint, ${position.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(robotItem.createdAt), asc(robotItem.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const handled = await handledByPerson(
    deps.db,
    page.map((r) => r.item.id),
  );
  const last = page.at(-1);
  return {
    items: page.map(({ item }) => ({ ...itemView(item, robot), handledByPerson: handled.get(item.id) ?? null })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.micros, last.item.id) : null,
  };
}

/** Per item, the last time a person handled it (registered it by hand or put it back), and who. */
async function handledByPerson(db: Executor, itemIds: string[]) {
  const found = new Map<string, NonNullable<ItemView["handledByPerson"]>>();
  if (itemIds.length === 0) return found;
  const events = await db
    .select()
    .from(robotItemEvent)
    .where(and(inArray(robotItemEvent.itemId, itemIds), inArray(robotItemEvent.kind, [...HANDLED_BY_PERSON_EVENTS])))
    .orderBy(asc(robotItemEvent.id));
  for (const e of events)
    found.set(e.itemId, { action: e.kind, at: e.at.toISOString(), staffId: String(e.details?.staff ?? "") });
  return found;
}

export interface ItemEventView {
  id: number;
  at: string;
  kind: string;
  robot: { id: string; name: string | null } | null;
  details: Record<string, string | number | boolean | null>;
}

export async function itemEvents(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
): Promise<ItemEventView[]> {
  await findItem(deps.db, robot, itemId);
  const rows = await deps.db
    .select({ event: robotItemEvent, robotName: robotToken.name })
    .from(robotItemEvent)
    .leftJoin(robotToken, eq(robotToken.id, robotItemEvent.tokenId))
    .where(eq(robotItemEvent.itemId, itemId))
    .orderBy(asc(robotItemEvent.id));
  return rows.map(({ event, robotName }) => ({
    id: event.id,
    at: event.at.toISOString(),
    kind: event.kind,
    robot: event.tokenId ? { id: event.tokenId, name: robotName } : null,
    // Lease ids are the holder's to know; the history names the robot instead.
    details: Object.fromEntries(Object.entries(event.details ?? {}).filter(([k]) => k !== "leaseId")),
  }));
}

export interface OpenedAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  stream: Readable;
}

/**
 * One of a held item's files, decrypted as it streams. The read is audited before a byte leaves;
 * the stream fails (and the response is cut short) if the stored object does not authenticate.
 */
export async function openItemAttachment(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  attachmentId: string,
): Promise<OpenedAttachment> {
  const item = await findItem(deps.db, robot, itemId);
  const [state] = await deps.db
    .select({ expired: sql<boolean>`${robotItem.leaseExpiresAt} <= clock_timestamp()` })
    .from(robotItem)
    .where(eq(robotItem.id, itemId));
  requireHeld({ item, expired: state?.expired === true || String(state?.expired) === "t" }, robot, null);
  if (!UUID.test(attachmentId))
    throw new RobotApiError("attachment_not_found", "The item has no attachment with this id.");
  const [file] = await deps.db
    .select()
    .from(attachment)
    .where(and(eq(attachment.id, attachmentId), filesOf(item)));
  if (!file) throw new RobotApiError("attachment_not_found", "The item has no attachment with this id.");
  await audit(deps.db, {
    actor: robotActor(robot),
    action: "attachment_read",
    subject: { kind: "attachment", id: file.id },
    details: { purpose: "robot_download", item: itemId },
  });
  const plain = await openStoredFile(deps.files, deps.keyring, file);
  return {
    id: file.id,
    filename: openText(deps.keyring, file.filenameSealed, `attachment.filename:${file.id}`),
    contentType: file.contentType,
    size: file.sizeBytes,
    sha256: file.sha256,
    stream: plain,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing back to the person

export interface MessageInput {
  idempotencyKey: string;
  kind: "message" | "supplement_request";
  body: string;
}

export interface WriteBackResult {
  id: string;
  createdAt: string;
  /** True when this key was seen before and nothing new was written. */
  replayed: boolean;
}

/** The robot's key, scoped to the submission so two submissions never share one. */
const scopedKey = (submissionId: string, key: string) => `robot:${submissionId}:${key}`;

/**
 * A message, or a request for a supplement, from the social services to the person, shown on
 * Mina sidor. The person gets a notice that something is waiting (never what). A report made
 * anonymously has nobody to write to, and is refused.
 */
export async function postMessage(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: MessageInput,
): Promise<WriteBackResult> {
  return deps.db.transaction(async (tx) => {
    const item = await findItem(tx, robot, itemId);
    const [row] = await tx.select().from(submission).where(eq(submission.id, item.submissionId)).for("update");
    if (!row) throw new RobotApiError("item_not_found", "The item's submission no longer exists.");
    const key = scopedKey(row.id, input.idempotencyKey);

    const [earlier] = await tx.select().from(message).where(eq(message.idempotencyKey, key));
    if (earlier) {
      const same =
        earlier.submissionId === row.id &&
        earlier.kind === input.kind &&
        openText(deps.keyring, earlier.bodySealed, `message.body:${earlier.id}`) === input.body;
      if (!same)
        throw new RobotApiError(
          "idempotency_conflict",
          "This idempotency key was already used for a different message on this submission.",
        );
      return { id: earlier.id, createdAt: earlier.createdAt.toISOString(), replayed: true };
    }
    if (!row.personId)
      throw new RobotApiError("no_recipient", "The submission was made anonymously: there is nobody to write to.");

    const id = randomUUID();
    const [inserted] = await tx
      .insert(message)
      .values({
        id,
        submissionId: row.id,
        direction: "to_person",
        kind: input.kind,
        authorKind: "robot",
        authorId: robot.tokenId,
        bodySealed: seal(deps.keyring, input.body, `message.body:${id}`),
        idempotencyKey: key,
      })
      .returning({ createdAt: message.createdAt });
    const supplement = input.kind === "supplement_request";
    await tx.insert(submissionEvent).values({
      submissionId: row.id,
      kind: supplement ? "supplement_requested" : "message_received",
      visibleToPerson: true,
      details: { messageId: id },
    });
    if (supplement && ["received", "registered"].includes(row.status))
      await tx.update(submission).set({ status: "supplement_requested" }).where(eq(submission.id, row.id));
    await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "message", submissionId: row.id });
    await addEvent(tx, itemId, supplement ? "supplement_requested" : "message_posted", robot.tokenId, {
      messageId: id,
    });
    await audit(tx, {
      actor: robotActor(robot),
      action: supplement ? "robot_supplement_requested" : "robot_message_sent",
      subject: { kind: "submission", id: row.id },
      details: { item: itemId, message: id },
    });
    return { id, createdAt: inserted!.createdAt.toISOString(), replayed: false };
  });
}

export const robotStatuses = ["registered", "closed"] as const;
type RobotOutcome = "investigation_opened" | "investigation_not_opened" | "investigation_under_way";

export interface StatusInput {
  idempotencyKey: string;
  /** "closed": the case is closed. "registered": handled again after a supplement came in. */
  status?: (typeof robotStatuses)[number];
  /** A short line shown with the event on Mina sidor. */
  text?: string;
  /** Whether an investigation was opened, for a sender the service says is told it. */
  outcome?: RobotOutcome;
}

/**
 * An outcome goes only to a sender the e-service says is told it (a mandated reporter who asked,
 * about a child); to anyone else it would disclose what secrecy protects. Each refusal says why.
 */
async function requireOutcomeRecipient(
  tx: Executor,
  keyring: Keyring,
  robot: RobotPrincipal,
  row: typeof submission.$inferSelect,
) {
  const toldOutcome = serviceById(row.serviceId)?.toldOutcome;
  const entitlement = toldOutcome
    ? toldOutcome((await readSubmission(tx, keyring, row, robotActor(robot), "robot_outcome")).answers)
    : "not_mandated";
  if (entitlement === "adult_report")
    throw new RobotApiError(
      "outcome_adult_report",
      "The report is about an adult: secrecy forbids telling the reporter.",
    );
  if (entitlement === "not_mandated")
    throw new RobotApiError(
      "outcome_not_applicable",
      "Only a reporter with a duty to report, about a child, may be told whether an investigation was opened.",
    );
  if (entitlement === "not_requested")
    throw new RobotApiError("outcome_not_requested", "The reporter did not ask to be told the outcome.");
  if (!row.personId)
    throw new RobotApiError(
      "no_recipient",
      "The reporter asked to be told but did not log in: there is no Mina sidor to show it on; tell them another way.",
    );
}

/** A status update for the person's Mina sidor, with a notice that something changed. */
export async function postStatus(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: StatusInput,
): Promise<WriteBackResult> {
  return deps.db.transaction(async (tx) => {
    const item = await findItem(tx, robot, itemId);
    const [row] = await tx.select().from(submission).where(eq(submission.id, item.submissionId)).for("update");
    if (!row) throw new RobotApiError("item_not_found", "The item's submission no longer exists.");
    const key = scopedKey(row.id, input.idempotencyKey);
    const kind = input.outcome ?? input.status ?? "status";
    const details = { text: input.text ?? null, status: input.status ?? null, outcome: input.outcome ?? null };

    const [earlier] = await tx.select().from(submissionEvent).where(eq(submissionEvent.idempotencyKey, key));
    if (earlier) {
      const same =
        earlier.submissionId === row.id &&
        earlier.kind === kind &&
        (earlier.details?.text ?? null) === details.text &&
        (earlier.details?.status ?? null) === details.status &&
        (earlier.details?.outcome ?? null) === details.outcome;
      if (!same)
        throw new RobotApiError(
          "idempotency_conflict",
          "This idempotency key was already used for a different status update on this submission.",
        );
      return { id: String(earlier.id), createdAt: earlier.at.toISOString(), replayed: true };
    }
    if (input.text && !row.personId)
      throw new RobotApiError("no_recipient", "The submission was made anonymously: there is nobody to write to.");
    if (input.outcome) await requireOutcomeRecipient(tx, deps.keyring, robot, row);
    // Both statuses say the case exists in the case system: before that, Mina sidor would show
    // a case closed (or registered) that was never registered.
    if (input.status && !row.caseNumber)
      throw new RobotApiError(
        "not_registered",
        `The status "${input.status}" needs a registered submission (a case number): complete its item first.`,
      );

    if (input.status) await tx.update(submission).set({ status: input.status }).where(eq(submission.id, row.id));
    const [event] = await tx
      .insert(submissionEvent)
      .values({ submissionId: row.id, kind, visibleToPerson: true, details, idempotencyKey: key })
      .returning();
    if (row.personId)
      await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "status", submissionId: row.id });
    await addEvent(tx, itemId, "status_posted", robot.tokenId, { status: input.status ?? null });
    await audit(tx, {
      actor: robotActor(robot),
      action: "robot_status_posted",
      subject: { kind: "submission", id: row.id },
      details: { item: itemId, status: input.status ?? null, outcome: input.outcome ?? null },
    });
    return { id: String(event!.id), createdAt: event!.at.toISOString(), replayed: false };
  });
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
