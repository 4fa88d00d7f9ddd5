import { eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { unitItem } from "#db/schema";
import type { Routing } from "./definition";

/**
 * The unit's own list: where a submission goes instead of the robot queue when the municipality
 * keeps that service out of the case system (SAMARBETSSAMTAL_REGISTRATION=unit). The robot never
 * sees these; the unit reads them in the staff console and marks them handled.
 */

export async function placeOnUnitList(
  tx: Executor,
  routing: Routing,
  item: { submissionId: string; reference: string; serviceId: string },
): Promise<void> {
  await tx.insert(unitItem).values({
    submissionId: item.submissionId,
    queue: routing.queue,
    serviceId: item.serviceId,
    reference: item.reference,
  });
}

/**
 * Later news about a submission (a message, a withdrawal): on the unit's list it reopens the
 * submission there and returns true; false means the submission went to the robot, which gets it.
 */
export async function newsOnUnitList(tx: Executor, submissionId: string): Promise<boolean> {
  const reopened = await tx
    .update(unitItem)
    .set({ newsAt: sql`now()`, handledAt: null, handledBy: null })
    .where(eq(unitItem.submissionId, submissionId))
    .returning({ id: unitItem.submissionId });
  return reopened.length > 0;
}
