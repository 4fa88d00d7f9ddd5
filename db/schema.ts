import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * Append-only record of who did what to which thing. A trigger (see the migrations)
 * refuses UPDATE and DELETE. It never holds content: only ids, actions and reasons.
 */
export const auditEvent = pgTable(
  "audit_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true })
      .notNull()
      .default(sql`now()`),
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
    roles: text("roles")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
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
 * The staff directory: each staff subject's display name as the identity provider last gave it
 * at login (sealed, like the session's copy), so events and the audit log name people, not ids.
 */
export const staffMember = pgTable("staff_member", {
  subject: text("subject").primaryKey(),
  nameSealed: text("name_sealed"),
  firstLoginAt: timestamp("first_login_at", { withTimezone: true }).notNull().defaultNow(),
  lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
});

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

/** How a person wants to hear that something is waiting on Mina sidor: never what it is. */
export const personContact = pgTable("person_contact", {
  personId: uuid("person_id")
    .primaryKey()
    .references(() => person.id, { onDelete: "cascade" }),
  emailSealed: text("email_sealed"),
  phoneSealed: text("phone_sealed"),
  notifyBy: text("notify_by", { enum: ["email", "sms", "none"] })
    .notNull()
    .default("email"),
  language: text("language").notNull().default("sv"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Answers being written, saved at every step. A logged-in person's drafts follow them to any
 * device; an anonymous draft belongs to the browser holding its token.
 */
export const draft = pgTable(
  "draft",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: text("service_id").notNull(),
    serviceVersion: integer("service_version").notNull(),
    personId: uuid("person_id").references(() => person.id, { onDelete: "cascade" }),
    anonymousTokenHash: text("anonymous_token_hash"),
    answersSealed: text("answers_sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("draft_owner", sql`(${t.personId} is null) <> (${t.anonymousTokenHash} is null)`),
    index("draft_person_idx").on(t.personId),
    index("draft_expires_idx").on(t.expiresAt),
  ],
);

export const submissionStatuses = [
  "awaiting_confirmation",
  "declined",
  "received",
  "registered",
  "supplement_requested",
  "closed",
  "withdrawn",
] as const;

/**
 * What was sent. Its reference and arrival time are the registration of an incoming document
 * in law. The draft id makes submitting idempotent: one draft, one submission, however many
 * clicks or retries.
 */
export const submission = pgTable(
  "submission",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull().unique(),
    draftId: uuid("draft_id").notNull().unique(),
    serviceId: text("service_id").notNull(),
    serviceVersion: integer("service_version").notNull(),
    /** Who sent it; null for an anonymous report. */
    personId: uuid("person_id").references(() => person.id, { onDelete: "set null" }),
    channel: text("channel", { enum: ["e-service", "assisted", "paper"] }).notNull(),
    answersSealed: text("answers_sealed").notNull(),
    /** Figures the service derived from the answers when it was sent (a preliminary calculation). */
    computedSealed: text("computed_sealed"),
    status: text("status", { enum: submissionStatuses }).notNull(),
    queue: text("queue").notNull(),
    priority: integer("priority").notNull(),
    flags: text("flags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    language: text("language").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Arrival: when it counts as received (after every co-party confirmed). */
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    registeredAt: timestamp("registered_at", { withTimezone: true }),
    caseNumber: text("case_number"),
    caseSystem: text("case_system"),
    /** After this the portal's copy is deleted; the case system keeps the record. */
    retainUntil: timestamp("retain_until", { withTimezone: true }),
    /**
     * An anonymous sender's browser, as a keyed hash of its random token: lets a retried send
     * from that browser back to the receipt and no one else. Never set for a logged-in sender.
     */
    senderKey: text("sender_key"),
  },
  (t) => [
    index("submission_person_idx").on(t.personId),
    index("submission_status_idx").on(t.status),
    // Withdrawn may come before arrival (while a co-party has yet to confirm) or after it.
    check(
      "submission_arrival",
      sql`${t.status} = 'withdrawn' or (${t.status} in ('awaiting_confirmation', 'declined')) = (${t.submittedAt} is null)`,
    ),
  ],
);

/** Everything that happened to a submission, in order; what the person may see is marked. */
export const submissionEvent = pgTable(
  "submission_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submission.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    kind: text("kind").notNull(),
    visibleToPerson: boolean("visible_to_person").notNull(),
    details: jsonb("details").$type<Record<string, string | number | boolean | null>>(),
    /** A robot's own key for the event, so a retried write-back is applied once. */
    idempotencyKey: text("idempotency_key").unique(),
  },
  (t) => [index("submission_event_submission_idx").on(t.submissionId, t.at)],
);

/** A second person who must confirm with their own e-ID (a co-applicant). */
export const submissionParty = pgTable(
  "submission_party",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submission.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    pnrLookup: text("pnr_lookup").notNull(),
    personId: uuid("person_id").references(() => person.id, { onDelete: "set null" }),
    status: text("status", { enum: ["invited", "confirmed", "declined", "expired"] }).notNull(),
    invitedAt: timestamp("invited_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
  },
  (t) => [index("submission_party_lookup_idx").on(t.pnrLookup, t.status), unique().on(t.submissionId, t.pnrLookup)],
);

/** A message between a person and the social services about a submission. */
export const message = pgTable(
  "message",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submission.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: ["to_person", "from_person"] }).notNull(),
    kind: text("kind", { enum: ["message", "supplement_request"] })
      .notNull()
      .default("message"),
    authorKind: text("author_kind", { enum: ["person", "staff", "robot"] }).notNull(),
    authorId: text("author_id"),
    bodySealed: text("body_sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    idempotencyKey: text("idempotency_key").unique(),
  },
  (t) => [index("message_submission_idx").on(t.submissionId, t.createdAt)],
);

/**
 * An uploaded file: the object in storage is encrypted under its own data key, wrapped here.
 * It belongs first to a draft, then to the submission (or a message) it was sent with.
 */
export const attachment = pgTable(
  "attachment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id").references(() => person.id, { onDelete: "set null" }),
    draftId: uuid("draft_id").references(() => draft.id, { onDelete: "set null" }),
    submissionId: uuid("submission_id").references(() => submission.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").references(() => message.id, { onDelete: "cascade" }),
    /** The document rule it answers, if any. */
    ruleId: text("rule_id"),
    filenameSealed: text("filename_sealed").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    keyId: text("key_id").notNull(),
    wrappedKey: text("wrapped_key").notNull(),
    noncePrefix: text("nonce_prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("attachment_draft_idx").on(t.draftId),
    index("attachment_submission_idx").on(t.submissionId),
    index("attachment_person_rule_idx").on(t.personId, t.ruleId),
  ],
);

/**
 * The development mail and SMS sink: what would have been sent, readable at /dev/utkorg.
 * Only written when no SMTP server or SMS gateway is configured: production requires SMTP and,
 * without a gateway, sends no text messages at all.
 */
export const devOutbox = pgTable("dev_outbox", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  channel: text("channel", { enum: ["email", "sms"] }).notNull(),
  recipient: text("recipient").notNull(),
  subject: text("subject"),
  body: text("body").notNull(),
});

/**
 * A robot's credential: only the SHA-256 of its random token is kept (the token is shown once),
 * with the queues it may drain. Revoked, never deleted, so the audit log's robot ids stay resolvable.
 */
export const robotToken = pgTable("robot_token", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  queues: text("queues").array().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/** A completion's structured output (app/queue/robot-api-schemas.ts documents each field). */
export interface RobotCompletionOutput {
  diarienummer?: string;
  unit?: string;
  caseworkerId?: string;
  extra?: Record<string, string | number | boolean | null>;
}

export const robotItemStates = [
  "new",
  "in_progress",
  "successful",
  "failed_application",
  "business_exception",
  "abandoned",
  "dead_lettered",
  /** Handed back on purpose by the robot with a defer date: waits, not a failure or a retry. */
  "postponed",
] as const;

/**
 * A robotic-intake queue item as the RPA world knows it, beside its pg-boss job (same id): its
 * state, who holds its lease, and the case number it became. pg-boss does the queueing.
 */
export const robotItem = pgTable(
  "robot_item",
  {
    /** The pg-boss job's id. */
    id: uuid("id").primaryKey(),
    queue: text("queue").notNull(),
    kind: text("kind").notNull(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submission.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").references(() => message.id, { onDelete: "cascade" }),
    reference: text("reference").notNull(),
    serviceId: text("service_id").notNull(),
    priority: integer("priority").notNull(),
    state: text("state", { enum: robotItemStates }).notNull().default("new"),
    attempts: integer("attempts").notNull().default(0),
    /** A new id for every claim: a robot's calls must name the lease they hold. */
    leaseId: uuid("lease_id"),
    holderTokenId: uuid("holder_token_id").references(() => robotToken.id, { onDelete: "set null" }),
    /** pg-boss's started_on for the current claim. */
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    caseNumber: text("case_number"),
    caseSystem: text("case_system"),
    /** What the case system recorded besides the case number, as the robot reported it at completion. */
    output: jsonb("output").$type<RobotCompletionOutput>(),
    /** The last failure's (or postponement's) reason, for the people who handle business exceptions. */
    reason: text("reason"),
    /** The staff subject handling the item by hand now (a business exception or dead letter), and since when. */
    takenBy: text("taken_by"),
    takenAt: timestamp("taken_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("robot_item_queue_state_idx").on(t.queue, t.state),
    index("robot_item_submission_idx").on(t.submissionId),
    index("robot_item_lease_idx")
      .on(t.leaseExpiresAt)
      .where(sql`${t.state} = 'in_progress'`),
  ],
);

/** A queue item's history: queued, claimed by which robot, lease extended, completed, failed… */
export const robotItemEvent = pgTable(
  "robot_item_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => robotItem.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
    kind: text("kind").notNull(),
    /** The robot token that acted; null for the portal itself. */
    tokenId: uuid("token_id"),
    details: jsonb("details").$type<Record<string, string | number | boolean | null>>(),
  },
  (t) => [index("robot_item_event_item_idx").on(t.itemId, t.id)],
);

/**
 * A submission the municipality keeps out of the case system: the unit's own list holds it instead
 * of a robot queue item. News after it arrived (a message, a withdrawal) sets news_at and reopens it.
 */
export const unitItem = pgTable(
  "unit_item",
  {
    submissionId: uuid("submission_id")
      .primaryKey()
      .references(() => submission.id, { onDelete: "cascade" }),
    queue: text("queue").notNull(),
    serviceId: text("service_id").notNull(),
    reference: text("reference").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    newsAt: timestamp("news_at", { withTimezone: true }),
    handledAt: timestamp("handled_at", { withTimezone: true }),
    /** The staff member who marked it handled, as `staff:<subject>`. */
    handledBy: text("handled_by"),
  },
  (t) => [index("unit_item_open_idx").on(t.queue, t.createdAt).where(sql`${t.handledAt} is null`)],
);

// Samarbetssamtal: bookable times, booking requests between two parents, and bookings.
import { smallint, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * A time the family-law unit offers: one talk, capacity one (enforced by booking_slot_live
 * below). Residents see the unit, never who published it.
 */
export const bookingSlot = pgTable(
  "booking_slot",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    minutes: integer("minutes").notNull(),
    kind: text("kind", { enum: ["samarbetssamtal", "informationssamtal"] }).notNull(),
    mode: text("mode", { enum: ["fysiskt", "digitalt"] }).notNull(),
    /** The visiting address of a physical talk; shown only to whoever booked it. */
    location: text("location"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** "staff:<subject>" or "import:<file name>"; for the unit, never shown to residents. */
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    check("booking_slot_minutes", sql`${t.minutes} between 15 and 480`),
    check("booking_slot_location", sql`(${t.mode} = 'fysiskt') = (${t.location} is not null)`),
    index("booking_slot_starts_idx").on(t.startsAt),
  ],
);

/**
 * One request for talks: the parent who asked (their own submission) and the other parent,
 * invited to book with their own e-ID (their own submission, linked here). Neither side's
 * contact details, time or place are ever read into the other's pages.
 */
export const bookingRequest = pgTable(
  "booking_request",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["samarbetssamtal", "informationssamtal"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    requesterPersonId: uuid("requester_person_id").references(() => person.id, { onDelete: "set null" }),
    requesterSubmissionId: uuid("requester_submission_id")
      .notNull()
      .unique()
      .references(() => submission.id, { onDelete: "cascade" }),
    /** The requester said it is safe to meet together, and neither side is protected. */
    requesterJointOk: boolean("requester_joint_ok").notNull(),
    inviteePnrLookup: text("invitee_pnr_lookup"),
    inviteePersonId: uuid("invitee_person_id").references(() => person.id, { onDelete: "set null" }),
    inviteeSubmissionId: uuid("invitee_submission_id").references(() => submission.id, { onDelete: "set null" }),
    /** The invitee's draft while they fill it in: what ties their journey to this request. */
    inviteeDraftId: uuid("invitee_draft_id").unique(),
    inviteeStatus: text("invitee_status", { enum: ["invited", "accepted", "declined"] })
      .notNull()
      .default("invited"),
    inviteeJointOk: boolean("invitee_joint_ok"),
    invitationChannel: text("invitation_channel", { enum: ["email", "sms", "letter"] }).notNull(),
    /**
     * "screening": waiting for the unit to screen for violence and release the invitation;
     * "pending": released, the booking job invites the other parent next.
     */
    invitationState: text("invitation_state", {
      enum: ["screening", "pending", "queued", "sent", "letter"],
    }).notNull(),
    inviteeAnsweredAt: timestamp("invitee_answered_at", { withTimezone: true }),
    /** When and by whom ("staff:<subject>", or "auto" by the municipality's setting) it was screened and released. */
    screenedAt: timestamp("screened_at", { withTimezone: true }),
    screenedBy: text("screened_by"),
    /** The unit's decision at screening: the parents never meet (no joint talk is offered). */
    separate: boolean("separate"),
    /**
     * Which days each parent books on once released, so their own talks never fall on the same
     * day: the requester on days whose number (local days since 2000-01-01) has this parity, the
     * invited parent on the others. Null until released.
     */
    requesterDayParity: smallint("requester_day_parity"),
  },
  (t) => [
    index("booking_request_invitee_idx").on(t.inviteePnrLookup, t.inviteeStatus),
    check("booking_request_day_parity", sql`${t.requesterDayParity} in (0, 1)`),
  ],
);

/**
 * A parent's booked talk. A slot holds one live booking (a separate talk, or the first parent of
 * a joint talk); the other parent joins a joint talk by a booking of their own that points at it.
 */
export const booking = pgTable(
  "booking",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => bookingRequest.id, { onDelete: "cascade" }),
    party: text("party", { enum: ["requester", "invitee"] }).notNull(),
    personId: uuid("person_id").references(() => person.id, { onDelete: "set null" }),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submission.id, { onDelete: "cascade" }),
    slotId: uuid("slot_id")
      .notNull()
      .references(() => bookingSlot.id),
    /** For the second parent of a joint talk: the first parent's booking of the same slot. */
    joinsBookingId: uuid("joins_booking_id"),
    /** Protected: a digital talk or a place the unit gives by phone; no address is ever shown. */
    protected: boolean("protected").notNull().default(false),
    status: text("status", { enum: ["booked", "cancelled"] })
      .notNull()
      .default("booked"),
    bookedAt: timestamp("booked_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    reminderState: text("reminder_state", { enum: ["pending", "queued", "sent", "skipped"] })
      .notNull()
      .default("pending"),
  },
  (t) => [
    uniqueIndex("booking_slot_live")
      .on(t.slotId)
      .where(sql`${t.status} = 'booked' and ${t.joinsBookingId} is null`),
    uniqueIndex("booking_joint_live")
      .on(t.joinsBookingId)
      .where(sql`${t.status} = 'booked' and ${t.joinsBookingId} is not null`),
    uniqueIndex("booking_party_live")
      .on(t.requestId, t.party)
      .where(sql`${t.status} = 'booked'`),
    index("booking_submission_idx").on(t.submissionId),
  ],
);

/** The slot a draft has chosen, until it is sent: the draft's answers carry only what is shown. */
export const bookingChoice = pgTable("booking_choice", {
  draftId: uuid("draft_id").primaryKey(),
  slotId: uuid("slot_id").references(() => bookingSlot.id, { onDelete: "cascade" }),
  joinsBookingId: uuid("joins_booking_id").references(() => booking.id, { onDelete: "cascade" }),
  chosenAt: timestamp("chosen_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What happened to a request, for the unit's figures: requested, the first time offered, booked,
 * cancelled, invited, declined, reminded. The share of first talks within 14 days comes from here.
 */
export const bookingEvent = pgTable(
  "booking_event",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => bookingRequest.id, { onDelete: "cascade" }),
    party: text("party", { enum: ["requester", "invitee"] }).notNull(),
    kind: text("kind").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** The talk's start, for offered and booked. */
    slotStartsAt: timestamp("slot_starts_at", { withTimezone: true }),
  },
  (t) => [index("booking_event_request_idx").on(t.requestId, t.at)],
);

// Staff console (issue 9): retention settings, assisted registration, attendance, follow-up facts.

/**
 * An administrator's retention (gallring) for one e-service, within the limits in
 * app/staff/retention/limits.ts; no row means the shipped default (the service's definition and
 * DRAFT_RETENTION_DAYS). Read by the scheduled deletion job at every run.
 */
export const retentionSetting = pgTable(
  "retention_setting",
  {
    serviceId: text("service_id").primaryKey(),
    /** Days a submission and its files stay in the portal after it was registered. */
    afterRegistrationDays: integer("after_registration_days").notNull(),
    /** Days an unsent draft stays after it was last saved. */
    draftDays: integer("draft_days").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** The staff subject who set it. */
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [check("retention_setting_positive", sql`${t.afterRegistrationDays} > 0 and ${t.draftDays} > 0`)],
);

/**
 * A draft a staff member fills in on someone's behalf (the assisted or paper channel), and the
 * person as staff recorded them: sealed, and with no personnummer when they have none. Found by
 * the draft id, which the submission made from it keeps; deleted by the retention job once
 * neither the draft nor the submission exists.
 */
export const assistedIntake = pgTable(
  "assisted_intake",
  {
    draftId: uuid("draft_id").primaryKey(),
    serviceId: text("service_id").notNull(),
    channel: text("channel", { enum: ["assisted", "paper"] }).notNull(),
    staffSubject: text("staff_subject").notNull(),
    /** The person row, when staff recorded a personnummer or samordningsnummer. */
    personId: uuid("person_id").references(() => person.id, { onDelete: "set null" }),
    /** JSON: name, birth date, phone, postal address, language, interpreter (see app/staff/assisted). */
    personSealed: text("person_sealed"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("assisted_intake_staff_idx").on(t.staffSubject)],
);

/** Whether a booked talk was held, marked by the family-law unit afterwards. */
export const bookingAttendance = pgTable("booking_attendance", {
  bookingId: uuid("booking_id")
    .primaryKey()
    .references(() => booking.id, { onDelete: "cascade" }),
  outcome: text("outcome", { enum: ["attended", "no_show"] }).notNull(),
  markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
  markedBy: text("marked_by").notNull(),
});

/**
 * What the follow-up figures need of a submission (channel, arrival, registration, categories,
 * durations; never content or identity), kept when the retention job deletes the submission, so a
 * month's figures stay the same after gallring. Live submissions are read from their own tables.
 */
export const followUpFact = pgTable(
  "follow_up_fact",
  {
    submissionId: uuid("submission_id").primaryKey(),
    serviceId: text("service_id").notNull(),
    channel: text("channel").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    facts: jsonb("facts").$type<Record<string, string | number | boolean | null>>().notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("follow_up_fact_submitted_idx").on(t.submittedAt)],
);

// Försörjningsstöd's riksnorm kept by the municipality (issue 15).

/**
 * A year's riksnorm table as an administrator typed it in the staff console, with the totals
 * typed from the government's announcement and where it was read. The figures are checked
 * (app/e-services/forsorjningsstod/riksnorm-entry.ts) before they are stored and parsed again
 * when read; only a published year is used by the estimate. Who saved and published is also in
 * the audit log.
 */
export const riksnormYear = pgTable(
  "riksnorm_year",
  {
    year: integer("year").primaryKey(),
    /** The table's figures in the shape of RiksnormTable, source aside. */
    figures: jsonb("figures").$type<Record<string, unknown>>().notNull(),
    /** The announced total for a single adult (personal + shared costs for one person). */
    announcedSingle: integer("announced_single").notNull(),
    /** The announced total for a cohabiting couple (their personal + shared costs for two). */
    announcedCouple: integer("announced_couple").notNull(),
    /** Who published the figures, e.g. the government and the ordinance's SFS number. */
    announcedBy: text("announced_by").notNull(),
    announcedOn: date("announced_on", { mode: "string" }).notNull(),
    /** Where the administrator read the figures (https). */
    sourceUrl: text("source_url").notNull(),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true }).notNull().defaultNow(),
    /** The staff subject who saved it last. */
    savedBy: text("saved_by").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: text("published_by"),
  },
  (t) => [
    check("riksnorm_year_range", sql`${t.year} between 2000 and 2100`),
    check("riksnorm_year_status", sql`${t.status} in ('draft', 'published')`),
    check("riksnorm_year_published", sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
  ],
);
