import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { robotItem, robotItemEvent } from "#db/schema";
import type { QueueName, Routing } from "../intake/definition";
import { queueNames } from "../intake/definition";
import { ensureAcuteAlertQueue } from "../notify/acute-alert.server";
import { inTransaction } from "./boss.server";

/** What a queue item names; the robot fetches the content through the API when it claims it. */
export interface IntakeItem {
  /** A new submission, a supplement the person sent to it, or the person withdrawing it. */
  kind: "submission" | "supplement" | "withdrawal";
  submissionId: string;
  reference: string;
  serviceId: string;
  /** For a supplement: the message it carries. */
  messageId?: string;
}

export const bossQueueName = (queue: QueueName) => `intake.${queue}`;
export const DEAD_LETTER_QUEUE = "intake.dead-letter";

export interface QueuePolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  leaseSeconds: number;
}

/** Creates the robotic-intake queues, or updates their policy, at start-up. */
export async function ensureIntakeQueues(boss: PgBoss, policy: QueuePolicy): Promise<void> {
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retentionDays: 30 } as PgBoss.Queue);
  // An arriving acute report writes its alert in the same transaction as its item.
  await ensureAcuteAlertQueue(boss);
  for (const queue of queueNames) {
    const options: PgBoss.Queue = {
      name: bossQueueName(queue),
      retryLimit: policy.retryLimit,
      retryDelay: policy.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: policy.leaseSeconds,
      deadLetter: DEAD_LETTER_QUEUE,
    };
    if (await boss.getQueue(options.name)) await boss.updateQueue(options.name, options);
    else await boss.createQueue(options.name, options);
  }
}

/**
 * Puts an item on its queue inside the caller's transaction: committed together or not at all.
 * Beside the pg-boss job, the item's own row (its RPA state and history) is written with it.
 */
export async function enqueueIntakeItem(
  tx: Executor,
  boss: PgBoss,
  routing: Routing,
  item: IntakeItem,
): Promise<string> {
  const id = await boss.send(
    bossQueueName(routing.queue),
    { ...item },
    { ...inTransaction(tx), priority: routing.priority },
  );
  if (!id) throw new Error("the queue refused the item");
  await tx.insert(robotItem).values({
    id,
    queue: routing.queue,
    kind: item.kind,
    submissionId: item.submissionId,
    messageId: item.messageId ?? null,
    reference: item.reference,
    serviceId: item.serviceId,
    priority: routing.priority,
    state: "new",
  });
  await tx.insert(robotItemEvent).values({ itemId: id, kind: "queued", details: { queue: routing.queue } });
  return id;
}
