import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { auditEvent, retentionSetting } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import { serviceById, services } from "~/e-services/registry.server";
import { checkRetention, limitsFor, type RetentionField, type RetentionProblem } from "./limits";

/**
 * Retention (gallring) as the administrator set it, per e-service: how long a registered
 * submission and its files stay after registration, and how long a draft stays after it was last
 * saved. The scheduled job (app/intake/retention.server.ts) applies the settings at every run:
 * it moves each draft's and each registered submission's end to match, then deletes what is due.
 */

export interface RetentionRule {
  serviceId: string;
  afterRegistrationDays: number;
  draftDays: number;
  /** "setting": stored by an administrator; "default": the shipped one. */
  source: "setting" | "default";
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Every e-service's rule in force; `draftDays` is the portal's DRAFT_RETENTION_DAYS where none is set. */
export async function retentionRules(db: Executor, defaultDraftDays: number): Promise<RetentionRule[]> {
  const stored = await db.select().from(retentionSetting);
  return services.map((definition) => {
    const row = stored.find((s) => s.serviceId === definition.id);
    return row
      ? {
          serviceId: definition.id,
          afterRegistrationDays: row.afterRegistrationDays,
          draftDays: row.draftDays,
          source: "setting",
          updatedAt: row.updatedAt.toISOString(),
          updatedBy: row.updatedBy,
        }
      : {
          serviceId: definition.id,
          afterRegistrationDays: definition.retention.afterRegistrationDays,
          draftDays: defaultDraftDays,
          source: "default",
          updatedAt: null,
          updatedBy: null,
        };
  });
}

/** Days a submission of this service stays after registration: the setting, or the definition's. */
export async function afterRegistrationDays(db: Executor, serviceId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ days: retentionSetting.afterRegistrationDays })
    .from(retentionSetting)
    .where(eq(retentionSetting.serviceId, serviceId));
  return row?.days ?? serviceById(serviceId)?.retention.afterRegistrationDays;
}

export type SaveOutcome =
  | { ok: true }
  | { ok: false; problems: Partial<Record<RetentionField, RetentionProblem>>; values: Record<RetentionField, string> };

/**
 * Stores a service's retention, within its limits; a period below the minimum is refused with
 * the reason. The change is audited with the old and new periods, and applied to existing drafts
 * and registered submissions at once.
 */
export async function saveRetention(
  db: Executor,
  actor: Actor & { kind: "staff" },
  serviceId: string,
  input: Record<RetentionField, string>,
  defaultDraftDays: number,
): Promise<SaveOutcome> {
  if (!serviceById(serviceId)) throw new Error(`unknown e-service: ${serviceId}`);
  const checked = checkRetention(serviceId, input);
  if (!checked.ok) {
    await audit(db, {
      actor,
      action: "retention_setting_refused",
      subject: { kind: "e_service", id: serviceId },
      details: Object.fromEntries(Object.entries(checked.problems).map(([field, p]) => [field, p.code])),
    });
    return { ok: false, problems: checked.problems, values: input };
  }
  const before = (await retentionRules(db, defaultDraftDays)).find((r) => r.serviceId === serviceId)!;
  await db.transaction(async (tx) => {
    await tx
      .insert(retentionSetting)
      .values({ serviceId, ...checked.values, updatedBy: actor.id })
      .onConflictDoUpdate({
        target: retentionSetting.serviceId,
        set: { ...checked.values, updatedBy: actor.id, updatedAt: sql`now()` },
      });
    await audit(tx, {
      actor,
      action: "retention_setting_changed",
      subject: { kind: "e_service", id: serviceId },
      details: {
        afterRegistrationDays: checked.values.afterRegistrationDays,
        draftDays: checked.values.draftDays,
        previousAfterRegistrationDays: before.afterRegistrationDays,
        previousDraftDays: before.draftDays,
      },
    });
    await applyRetentionSettings(tx);
  });
  return { ok: true };
}

/**
 * Moves the end of every draft and every registered submission of a service with a stored
 * setting to match it: a draft's end is its last save plus the draft period, a registered
 * submission's its registration plus the period after registration. Returns the settings.
 */
export async function applyRetentionSettings(db: Executor) {
  await db.execute(sql`
    update draft d set expires_at = d.updated_at + make_interval(days => r.draft_days)
    from retention_setting r
    where r.service_id = d.service_id and d.expires_at <> d.updated_at + make_interval(days => r.draft_days)`);
  await db.execute(sql`
    update submission s set retain_until = s.registered_at + make_interval(days => r.after_registration_days)
    from retention_setting r
    where r.service_id = s.service_id and s.registered_at is not null
      and s.retain_until is distinct from s.registered_at + make_interval(days => r.after_registration_days)`);
  // Never sent (declined, not confirmed in time, withdrawn first): counted from when it ended.
  await db.execute(sql`
    update submission s set retain_until = e.ended_at + make_interval(days => r.after_registration_days)
    from retention_setting r,
      (select submission_id, max(at) as ended_at from submission_event
       where kind in ('declined', 'confirmation_expired', 'withdrawn') group by submission_id) e
    where r.service_id = s.service_id and e.submission_id = s.id
      and s.submitted_at is null and s.status in ('declined', 'withdrawn')
      and s.retain_until is distinct from e.ended_at + make_interval(days => r.after_registration_days)`);
  return db.select().from(retentionSetting);
}

/** What the retention job logs: deletions and runs, by id and rule, never content. */
export const RETENTION_ACTIONS = ["retention_run", "submission_deleted", "draft_deleted"] as const;

export interface RetentionLogEntry {
  id: number;
  at: string;
  action: (typeof RETENTION_ACTIONS)[number];
  subjectKind: string | null;
  subjectId: string | null;
  details: Record<string, string | number | boolean | null>;
}

export async function retentionLog(db: Executor, options: { limit?: number; actions?: string[] } = {}) {
  const rows = await db
    .select()
    .from(auditEvent)
    .where(
      and(eq(auditEvent.actorKind, "system"), inArray(auditEvent.action, options.actions ?? [...RETENTION_ACTIONS])),
    )
    .orderBy(desc(auditEvent.id))
    .limit(options.limit ?? 100);
  return rows.map((row): RetentionLogEntry => ({
    id: row.id,
    at: row.at.toISOString(),
    action: row.action as RetentionLogEntry["action"],
    subjectKind: row.subjectKind,
    subjectId: row.subjectId,
    details: row.details ?? {},
  }));
}

export { limitsFor };
