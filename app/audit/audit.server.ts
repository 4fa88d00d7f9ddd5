import type { Executor } from "#db/connect";
import { auditEvent } from "#db/schema";

export type Actor =
  | { kind: "person"; id: string }
  | { kind: "staff"; id: string }
  | { kind: "robot"; id: string }
  | { kind: "system" }
  | { kind: "anonymous" };

/** Where a request came from; recorded for authentication events only. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  actor: Actor;
  action: string;
  subject?: { kind: string; id: string };
  client?: ClientInfo;
  details?: Record<string, string | number | boolean | null>;
}

/** Appends one event to the audit log (in the caller's transaction, when given one). */
export async function audit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvent).values({
    actorKind: entry.actor.kind,
    actorId: "id" in entry.actor ? entry.actor.id : null,
    action: entry.action,
    subjectKind: entry.subject?.kind ?? null,
    subjectId: entry.subject?.id ?? null,
    ip: entry.client?.ip ?? null,
    userAgent: entry.client?.userAgent?.slice(0, 400) ?? null,
    details: entry.details ?? null,
  });
}
