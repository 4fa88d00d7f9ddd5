import { and, asc, desc, eq, inArray, notExists, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "#db/connect";
import { robotItem, submission } from "#db/schema";
import type { QueueName } from "~/intake/definition";
import { BOSS_SCHEMA } from "~/queue/boss.server";
import { bossQueueName } from "~/queue/intake-queue.server";
import { HANDLED_BY_PEOPLE, REQUEUED } from "./item-events.server";

/** What the queues hold: counts per queue, and a queue's items waiting for a person. */

export interface QueueOverview {
  queue: QueueName;
  /** Waiting to be claimed: new, or back for a retry. */
  waiting: number;
  /** Seconds the oldest waiting item has waited; null when none waits. */
  oldestSeconds: number | null;
  inProgress: number;
  /** Failed with an application exception, waiting for a retry. */
  retrying: number;
  /** Business exceptions and dead letters no one has handled yet. */
  toHandle: number;
}

/** Counts only, per queue: how the queues flow. Read from pg-boss (as /metrics is) and the item rows. */
export async function queueOverview(db: Executor, queues: readonly QueueName[]): Promise<QueueOverview[]> {
  if (queues.length === 0) return [];
  const jobs = await rowsOf<{ name: string; waiting: number; active: number; oldest: number | null }>(
    db,
    sql`select name,
          count(*) filter (where state in ('created', 'retry'))::int as waiting,
          count(*) filter (where state = 'active')::int as active,
          extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry')))::float8 as oldest
        from ${sql.identifier(BOSS_SCHEMA)}.job
        where name like 'intake.%'
        group by name`,
  );
  const items = await db
    .select({
      queue: robotItem.queue,
      retrying: sql<number>`count(*) filter (where ${robotItem.state} = 'failed_application')::int`.mapWith(Number),
      toHandle: sql<number>`count(*) filter (where ${robotItem.state} in ('business_exception', 'dead_lettered')
        and not exists (select 1 from robot_item_event e where e.item_id = robot_item.id and e.kind = ${REQUEUED}))::int`.mapWith(
        Number,
      ),
    })
    .from(robotItem)
    .where(inArray(robotItem.queue, [...queues]))
    .groupBy(robotItem.queue);
  return queues.map((queue) => {
    const job = jobs.find((j) => j.name === bossQueueName(queue));
    const item = items.find((i) => i.queue === queue);
    const oldest = job?.oldest === null || job?.oldest === undefined ? null : Math.max(0, Number(job.oldest));
    return {
      queue,
      waiting: Number(job?.waiting ?? 0),
      oldestSeconds: Number(job?.waiting ?? 0) > 0 ? oldest : null,
      inProgress: Number(job?.active ?? 0),
      retrying: item?.retrying ?? 0,
      toHandle: item?.toHandle ?? 0,
    };
  });
}

export interface FailedItem {
  id: string;
  reference: string;
  serviceId: string;
  kind: string;
  state: string;
  reason: string | null;
  attempts: number;
  failedAt: string | null;
  acute: boolean;
  channel: string;
  /** The staff subject handling it by hand now, if anyone. */
  takenBy: string | null;
}

/** The queue's items waiting for a person, acute first, then the oldest failure first. */
export async function failedItems(db: Executor, queue: QueueName): Promise<FailedItem[]> {
  const rows = await db
    .select({ item: robotItem, flags: submission.flags, channel: submission.channel })
    .from(robotItem)
    .innerJoin(submission, eq(submission.id, robotItem.submissionId))
    .where(
      and(
        eq(robotItem.queue, queue),
        inArray(robotItem.state, [...HANDLED_BY_PEOPLE]),
        notExists(sql`(select 1 from robot_item_event e where e.item_id = robot_item.id and e.kind = ${REQUEUED})`),
      ),
    )
    .orderBy(desc(robotItem.priority), asc(robotItem.finishedAt), asc(robotItem.id))
    .limit(500);
  return rows.map(({ item, flags, channel }) => ({
    id: item.id,
    reference: item.reference,
    serviceId: item.serviceId,
    kind: item.kind,
    state: item.state,
    reason: item.reason,
    attempts: item.attempts,
    failedAt: item.finishedAt?.toISOString() ?? null,
    acute: flags.includes("acute"),
    channel,
    takenBy: item.takenBy,
  }));
}
