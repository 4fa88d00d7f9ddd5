import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, inet, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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

/**
 * A person who has logged in with e-ID. The personnummer is the person's key, but it is stored
 * only sealed (encrypted) and as a keyed hash to find the row by.
 */
export const person = pgTable("person", {
  id: uuid("id").primaryKey().defaultRandom(),
  pnrLookup: text("pnr_lookup").notNull().unique(),
  pnrSealed: text("pnr_sealed").notNull(),
  nameSealed: text("name_sealed"),
  /** Skyddade personuppgifter: stated by the person or by the identity provider. */
  protectedIdentity: boolean("protected_identity").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A logged-in session. The browser holds only an opaque random id; the table holds its hash,
 * so a copy of the database cannot be used to take over sessions.
 */
export const session = pgTable(
  "session",
  {
    idHash: text("id_hash").primaryKey(),
    kind: text("kind", { enum: ["resident", "staff"] }).notNull(),
    personId: uuid("person_id").references(() => person.id, { onDelete: "cascade" }),
    staffSubject: text("staff_subject"),
    staffNameSealed: text("staff_name_sealed"),
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check(
      "session_owner",
      sql`(${t.kind} = 'resident' and ${t.personId} is not null and ${t.staffSubject} is null)
       or (${t.kind} = 'staff' and ${t.staffSubject} is not null and ${t.personId} is null)`,
    ),
    index("session_expires_idx").on(t.expiresAt),
  ],
);

/**
 * One login in progress: the OIDC state (hashed), the PKCE verifier and nonce, and where to
 * return. Used once; a replayed callback finds it spent.
 */
export const loginAttempt = pgTable("login_attempt", {
  stateHash: text("state_hash").primaryKey(),
  kind: text("kind", { enum: ["resident", "staff"] }).notNull(),
  codeVerifier: text("code_verifier").notNull(),
  nonce: text("nonce").notNull(),
  returnTo: text("return_to").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});
