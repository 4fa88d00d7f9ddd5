import { and, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { submission, unitItem } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import type { QueueName } from "~/intake/definition";
import { afterRegistrationDays } from "~/retention/settings.server";

/**
 * The unit's own list of submissions the municipality keeps out of the case system: open ones
 * first, then those handled in the last 30 days. Each staff member sees only the queues they work
 * (a protected person's request stays with the restricted queue's staff).
 */

export interface UnitListRow {
  reference: string;
  serviceId: string;
  queue: string;
  receivedAt: string;
  /** A message or a withdrawal arrived after the unit last handled it. */
  news: boolean;
  handledAt: string | null;
  status: string;
}

const DAY = 86_400_000;

export async function unitList(db: Executor, queues: readonly QueueName[], now = new Date()): Promise<UnitListRow[]> {
  if (queues.length === 0) return [];
  const rows = await db
    .select({ item: unitItem, status: submission.status })
    .from(unitItem)
    .innerJoin(submission, eq(submission.id, unitItem.submissionId))
    .where(
      and(
        inArray(unitItem.queue, [...queues]),
        or(isNull(unitItem.handledAt), gte(unitItem.handledAt, new Date(now.getTime() - 30 * DAY))),
      ),
    )
    .orderBy(sql`${unitItem.handledAt} is not null`, desc(unitItem.createdAt))
    .limit(500);
  return rows.map(({ item, status }) => ({
    reference: item.reference,
    serviceId: item.serviceId,
    queue: item.queue,
    receivedAt: item.createdAt.toISOString(),
    news: !!item.newsAt && !item.handledAt,
    handledAt: item.handledAt?.toISOString() ?? null,
    status,
  }));
}

/** One item of the list by its submission's reference, if the staff member works its queue. */
export async function unitItemByReference(db: Executor, queues: readonly QueueName[], reference: string) {
  if (queues.length === 0) return null;
  const [row] = await db
    .select({ item: unitItem, submission })
    .from(unitItem)
    .innerJoin(submission, eq(submission.id, unitItem.submissionId))
    .where(and(eq(unitItem.reference, reference), inArray(unitItem.queue, [...queues])));
  return row ?? null;
}

/**
 * Marks an item handled: it leaves the open list, and the portal keeps its copy for the service's
 * retention after registration, counted from now (as when the robot registers one). Audited.
 * False when it was already handled (nothing changes).
 */
export async function markHandled(
  db: Executor,
  actor: Actor & { kind: "staff" },
  submissionId: string,
  serviceId: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [handled] = await tx
      .update(unitItem)
      .set({ handledAt: sql`now()`, handledBy: `staff:${actor.id}` })
      .where(and(eq(unitItem.submissionId, submissionId), isNull(unitItem.handledAt)))
      .returning({ id: unitItem.submissionId });
    if (!handled) return false;
    const days = await afterRegistrationDays(tx, serviceId);
    if (days !== undefined)
      await tx
        .update(submission)
        .set({ retainUntil: sql`now() + make_interval(days => ${days})` })
        .where(eq(submission.id, submissionId));
    await audit(tx, {
      actor,
      action: "unit_item_handled",
      subject: { kind: "submission", id: submissionId },
    });
    return true;
  });
}
