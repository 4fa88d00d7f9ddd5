import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { rowsOf, type Executor } from "#db/connect";
import { robotItem, robotItemEvent, submission } from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import type { QueueName } from "~/intake/definition";
import type { SubmissionRow } from "~/intake/submissions.server";
import { BOSS_SCHEMA } from "~/queue/boss.server";
import { bossQueueName } from "~/queue/intake-queue.server";
import { HANDLED_BY_PEOPLE, REQUEUED } from "./item-events.server";

/**
 * What every change by hand shares: the refusals it answers with, the locks (the pg-boss job row
 * first, then the item, the order a claim takes them) and the checks made under them.
 */

export type HandlingRefusal =
  | { ok: false; reason: "already_registered"; caseNumber: string | null }
  | { ok: false; reason: "taken_by_colleague"; takenBy: string }
  | { ok: false; reason: "already_requeued" | "not_waiting" | "not_taken" | "invalid"; fields?: string[] };

export type HandlingOutcome = { ok: true; newItemId?: string } | HandlingRefusal;

export class Refused extends Error {
  constructor(readonly outcome: HandlingRefusal) {
    super(outcome.reason);
  }
}

/** Locks the pg-boss job row, then the item row: the order a robot's claim takes them. */
export async function lockItem(tx: Executor, queue: QueueName, itemId: string) {
  await rowsOf(
    tx,
    sql`select id from ${sql.identifier(BOSS_SCHEMA)}.job where name = ${bossQueueName(queue)} and id = ${itemId} for update`,
  );
  const [item] = await tx
    .select()
    .from(robotItem)
    .where(and(eq(robotItem.id, itemId), eq(robotItem.queue, queue)))
    .for("update");
  if (!item) throw new Refused({ ok: false, reason: "not_waiting" });
  const [row] = await tx.select().from(submission).where(eq(submission.id, item.submissionId)).for("update");
  if (!row) throw new Refused({ ok: false, reason: "not_waiting" });
  const [requeued] = await tx
    .select({ id: robotItemEvent.id })
    .from(robotItemEvent)
    .where(and(eq(robotItemEvent.itemId, itemId), eq(robotItemEvent.kind, REQUEUED)));
  return { item, row, requeued: !!requeued };
}

/** Refuses anything but an item waiting for a person; an item already registered says under which number. */
export function requireWaiting(item: typeof robotItem.$inferSelect, row: SubmissionRow, requeued: boolean) {
  if (item.state === "successful" || (item.kind === "submission" && row.caseNumber))
    throw new Refused({ ok: false, reason: "already_registered", caseNumber: item.caseNumber ?? row.caseNumber });
  if (requeued) throw new Refused({ ok: false, reason: "already_requeued" });
  if (!(HANDLED_BY_PEOPLE as readonly string[]).includes(item.state))
    throw new Refused({ ok: false, reason: "not_waiting" });
}

/** Refuses a change by anyone but the caseworker who holds the item (an item nobody holds is free to handle). */
export function requireNotTakenByOther(item: typeof robotItem.$inferSelect, actor: Actor & { kind: "staff" }) {
  if (item.takenBy && item.takenBy !== actor.id)
    throw new Refused({ ok: false, reason: "taken_by_colleague", takenBy: item.takenBy });
}

export async function refusals(run: () => Promise<HandlingOutcome>): Promise<HandlingOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

export interface HandlingDependencies {
  db: Executor;
  boss: PgBoss;
}
