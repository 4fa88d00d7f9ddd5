import { and, eq, isNull, lt } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { attachment, submission } from "#db/schema";
import type { FileStore } from "../attachments/file-store.server";
import { removeOrphanObjects } from "../attachments/orphan-objects.server";
import { audit } from "../audit/audit.server";
import type { Logger } from "../logger.server";
import { services } from "../e-services/registry.server";
import { deleteOrphanAssisted } from "./recorded-person.server";
import { retireFact } from "../figures/facts.server";
import { applyRetentionSettings } from "../retention/settings.server";
import { deleteExpiredDrafts } from "./drafts.server";

/**
 * Gallring: the case system is the record of a case, so the portal keeps a submission only
 * until the robot has registered it plus the service's grace period, and a draft only until it
 * expires. One that ended unsent (not confirmed by a co-party, or withdrawn first) is kept the
 * same period from its end. Every deletion is audited by id and rule, never by content.
 */

export const RETENTION_JOB = "retention";

/** Files not tied to a draft, submission or message: left by a deleted draft. */
const ORPHAN_GRACE_MS = 60 * 60_000;

export async function runRetention(db: Executor, files: FileStore, now = new Date()) {
  // The administrator's settings (app/staff/retention) first move each draft's and each
  // registered submission's end to match; what is due is then deleted below.
  const settings = await applyRetentionSettings(db);
  const afterRegistration = (serviceId: string) =>
    settings.find((s) => s.serviceId === serviceId)?.afterRegistrationDays ??
    services.find((d) => d.id === serviceId)?.retention.afterRegistrationDays ??
    null;
  const drafts = await deleteExpiredDrafts(db, now);

  const orphans = await db
    .select({ id: attachment.id, storageKey: attachment.storageKey })
    .from(attachment)
    .where(
      and(
        isNull(attachment.draftId),
        isNull(attachment.submissionId),
        isNull(attachment.messageId),
        lt(attachment.createdAt, new Date(now.getTime() - ORPHAN_GRACE_MS)),
      ),
    );
  for (const file of orphans) {
    await files.delete(file.storageKey);
    await db.delete(attachment).where(eq(attachment.id, file.id));
  }

  const due = await db
    .select({
      id: submission.id,
      serviceId: submission.serviceId,
      retainUntil: submission.retainUntil,
      registeredAt: submission.registeredAt,
    })
    .from(submission)
    .where(lt(submission.retainUntil, now));
  for (const row of due) {
    const stored = await db
      .select({ storageKey: attachment.storageKey })
      .from(attachment)
      .where(eq(attachment.submissionId, row.id));
    // Files first: a crash in between leaves a submission to delete again, never a file nobody can find.
    for (const file of stored) await files.delete(file.storageKey);
    await db.transaction(async (tx) => {
      // What the follow-up figures need of it (no content) outlives it: app/figures.
      await retireFact(tx, row.id);
      await tx.delete(submission).where(eq(submission.id, row.id));
      await audit(tx, {
        actor: { kind: "system" },
        action: "submission_deleted",
        subject: { kind: "submission", id: row.id },
        details: {
          service: row.serviceId,
          rule: row.registeredAt ? "retention_after_registration" : "retention_unsent",
          retainUntil: row.retainUntil!.toISOString(),
          days: afterRegistration(row.serviceId),
          files: stored.length,
        },
      });
    });
  }
  const assisted = await deleteOrphanAssisted(db);
  // Objects without any row (an upload cut off by an outage) count with the loose files.
  const orphanObjects = await removeOrphanObjects(db, files, now);
  const result = { drafts, orphanFiles: orphans.length + orphanObjects, submissions: due.length, assisted };
  // The run itself, with the rules it ran under (days after registration/days for drafts; "–" is DRAFT_RETENTION_DAYS).
  await audit(db, {
    actor: { kind: "system" },
    action: "retention_run",
    details: {
      ...result,
      rules: services
        .map((d) => {
          const set = settings.find((s) => s.serviceId === d.id);
          return `${d.id} ${afterRegistration(d.id)}/${set?.draftDays ?? "–"}`;
        })
        .join("; "),
    },
  });
  return result;
}

/** Runs retention every hour on one of the portal processes (pg-boss schedules it once). */
export async function scheduleRetention(boss: PgBoss, db: Executor, files: FileStore, logger: Logger) {
  if (!(await boss.getQueue(RETENTION_JOB)))
    await boss.createQueue(RETENTION_JOB, { name: RETENTION_JOB, policy: "singleton" } as PgBoss.Queue);
  await boss.schedule(RETENTION_JOB, "17 * * * *", {}, { tz: "Europe/Stockholm" });
  await boss.work(RETENTION_JOB, async () => {
    const result = await runRetention(db, files);
    logger.info(result, "retention run");
  });
}
