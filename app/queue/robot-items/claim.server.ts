import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { z } from "zod";
import type { Executor } from "#db/connect";
import { robotItem, submission } from "#db/schema";
import type { QueueName } from "~/intake/definition";
import { BOSS_SCHEMA, inTransaction } from "../boss.server";
import { bossQueueName, type IntakeItem } from "../intake-queue.server";
import { itemContents } from "../item-contents.server";
import type { claimedItem } from "../robot-api-schemas";
import type { RobotPrincipal } from "../robot-tokens.server";
import {
  type RobotItemRow,
  type RobotQueueDependencies,
  UUID,
  robotActor,
  type AfterCommit,
  runAll,
  requireScope,
  addEvent,
} from "./item-lock.server";
import { reconcileLeases } from "./lease-and-outcome.server";

/** Claiming: a robot takes up to MAX_CLAIM items of a queue, each under a new lease. */

export const MAX_CLAIM = 10;

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
