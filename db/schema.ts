import { sql } from "drizzle-orm";
import { bigserial, index, inet, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Append-only record of who did what to which thing. A trigger (see the migrations)
 * refuses UPDATE and DELETE. It never holds content: only ids, actions and reasons.
 */
export const auditEvent = pgTable(
  "audit_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().default(sql`now()`),
    actorKind: text("actor_kind", { enum: ["person", "staff", "robot", "system", "anonymous"] }).notNull(),
    /** A person's or staff member's internal id, a robot token's id; null for anonymous and system. */
    actorId: text("actor_id"),
    action: text("action").notNull(),
    subjectKind: text("subject_kind"),
    subjectId: text("subject_id"),
    /** Only for authentication events; never for anonymous reporters. */
    ip: inet("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, string | number | boolean | null>>(),
  },
  (t) => [
    index("audit_event_at_idx").on(t.at),
    index("audit_event_actor_idx").on(t.actorKind, t.actorId),
    index("audit_event_subject_idx").on(t.subjectKind, t.subjectId),
  ],
);
