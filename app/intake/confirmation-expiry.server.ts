import { and, eq, inArray, lte } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { submission, submissionParty } from "#db/schema";
import type { Logger } from "../logger.server";
import { ANSWERABLE, expireInvitations, isAnswerable, releaseWaiting } from "./submissions.server";

/**
 * A co-party has CONFIRMATION_DAYS to confirm. What is still unanswered after that is recorded
 * as their silence by this job (a co-party answering late is recorded the same way,
 * app/intake/submissions.server.ts); the submission itself arrived when it was sent.
 */

export const CONFIRMATION_EXPIRY_JOB = "confirmation-expiry";

/** Records every invitation that has run out; returns how many submissions had one. */
export async function expireConfirmations(deps: { db: Executor; boss: PgBoss }, now = new Date()): Promise<number> {
  await releaseAllWaiting(deps, now);
  const due = await deps.db
    .selectDistinct({ id: submission.id })
    .from(submission)
    .innerJoin(submissionParty, eq(submissionParty.submissionId, submission.id))
    .where(
      and(
        eq(submissionParty.status, "invited"),
        lte(submissionParty.expiresAt, now),
        // A withdrawn submission's invitations simply lapse: there is no one to tell.
        inArray(submission.status, [...ANSWERABLE]),
      ),
    );
  let expired = 0;
  for (const { id } of due) {
    // Locked and looked at again: the co-party may have answered in between.
    const ended = await deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(submission).where(eq(submission.id, id)).for("update");
      return !!row && isAnswerable(row.status) && (await expireInvitations(tx, row, now));
    });
    if (ended) expired++;
  }
  return expired;
}

/** Submissions made while co-parties could still hold them back, and still held: sent now. */
async function releaseAllWaiting(deps: { db: Executor; boss: PgBoss }, now: Date) {
  const waiting = await deps.db
    .select({ id: submission.id })
    .from(submission)
    .where(eq(submission.status, "awaiting_confirmation"));
  for (const { id } of waiting)
    await deps.db.transaction(async (tx) => {
      const [row] = await tx.select().from(submission).where(eq(submission.id, id)).for("update");
      if (row?.status === "awaiting_confirmation") await releaseWaiting(tx, deps.boss, row, now);
    });
}

/** Runs every quarter of an hour on one of the portal processes (pg-boss schedules it once). */
export async function scheduleConfirmationExpiry(boss: PgBoss, db: Executor, logger: Logger) {
  if (!(await boss.getQueue(CONFIRMATION_EXPIRY_JOB)))
    await boss.createQueue(CONFIRMATION_EXPIRY_JOB, {
      name: CONFIRMATION_EXPIRY_JOB,
      policy: "singleton",
    } as PgBoss.Queue);
  await boss.schedule(CONFIRMATION_EXPIRY_JOB, "*/15 * * * *", {}, { tz: "Europe/Stockholm" });
  await boss.work(CONFIRMATION_EXPIRY_JOB, async () => {
    const expired = await expireConfirmations({ db, boss });
    logger.info({ expired }, "confirmation expiry run");
  });
}
