import { z } from "zod";
import { queueNames } from "../intake/definition";
import { robotItemStates } from "#db/schema";

/**
 * The robot API's request and response shapes, as zod schemas: the router validates requests
 * with them and the OpenAPI document is generated from them, so the two cannot drift apart.
 */

/** Printable text; line breaks and tabs allowed where the text is long. */
const line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");
const paragraph = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^(?:[^\p{Cc}]|[\n\r\t])+$/u, "must not contain control characters other than line breaks and tabs")
    .refine((s) => s.trim().length > 0, "must not be blank");

const leaseId = z.uuid().describe("The lease id the claim returned.");

export const claimRequest = z
  .strictObject({
    max: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .describe("How many items to claim at most (1 to 10; 1 if left out)."),
  })
  .describe("ClaimRequest");

export const leaseRequest = z
  .strictObject({
    leaseId,
    seconds: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .optional()
      .describe("The lease's new length from now, in seconds (10 to 3600; the queue's lease if left out)."),
  })
  .describe("LeaseRequest");

/** The bytes a completion's output may take as JSON: room for a case system's fields, not for documents. */
export const MAX_OUTPUT_BYTES = 4096;

export const completionOutput = z
  .strictObject({
    diarienummer: line(100)
      .optional()
      .describe("The registration (diarie) number, where it differs from the case number."),
    unit: line(200).optional().describe("The unit (enhet) the case was assigned to."),
    caseworkerId: line(100).optional().describe("The case system's id of the caseworker assigned, not a name."),
    extra: z
      .record(line(100), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
      .optional()
      .describe("Any other fields of the case system, flat: names to strings, numbers, booleans or null."),
  })
  .refine(
    (o) => Buffer.byteLength(JSON.stringify(o)) <= MAX_OUTPUT_BYTES,
    `must be at most ${MAX_OUTPUT_BYTES} bytes as JSON`,
  )
  .describe(
    "What the case system recorded besides the case number, for the municipality's own follow-up. Kept with the " +
      "item and shown to staff; never shown to the person (use the status write-back for that). Keep personal data out.",
  );

export const completeRequest = z
  .strictObject({
    leaseId,
    caseNumber: line(100).describe("The case (ärende) number the robot created in the case system."),
    caseSystem: line(60).describe("Which case system: Lifecare, Treserva, Procapita, Viva …"),
    output: completionOutput.optional(),
  })
  .describe("CompleteRequest");

export const failRequest = z
  .strictObject({
    leaseId,
    kind: z
      .enum(["application", "business"])
      .describe(
        "application: a system was down, try again later (retried with backoff, then dead-lettered). " +
          "business: the data cannot be registered (not retried; goes to people).",
      ),
    reason: paragraph(2000).describe("Why, for the person who picks it up. Keep personal data out of it."),
  })
  .describe("FailRequest");

export const postponeRequest = z
  .strictObject({
    leaseId,
    until: z.iso
      .datetime({ offset: true })
      .describe("When the item may be claimed again: in the future, at most 7 days ahead."),
    reason: paragraph(500).describe('Why, e.g. "case system closed for the night". Keep personal data out of it.'),
  })
  .describe("PostponeRequest");

export const listQuery = z
  .strictObject({
    queue: z.enum(queueNames).optional().describe("One queue; every queue the token may use if left out."),
    state: z
      .string()
      .max(500)
      .transform((s) => s.split(","))
      .pipe(z.array(z.enum(robotItemStates)).min(1))
      .optional()
      .describe("Comma-separated states, e.g. business_exception,dead_lettered."),
    reference: line(40).optional().describe("The receipt number the person got."),
    since: z.iso.datetime({ offset: true }).optional().describe("Arrived at or after."),
    until: z.iso.datetime({ offset: true }).optional().describe("Arrived before."),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, "must be a whole number")
      .transform(Number)
      .pipe(z.number().int().min(1).max(100))
      .optional()
      .describe("Items per page, 1 to 100 (50 if left out)."),
    cursor: z.string().max(200).optional().describe("The previous page's nextCursor."),
  })
  .describe("ListQuery");

const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
  .describe("The robot's own key for this write: the same key again returns the first result and writes nothing.");

export const messageRequest = z
  .strictObject({
    idempotencyKey,
    kind: z
      .enum(["message", "supplement_request"])
      .default("message")
      .describe("supplement_request also sets the submission's status to supplement_requested."),
    body: paragraph(10_000).describe("The text the person reads on Mina sidor."),
  })
  .describe("MessageRequest");

export const statusRequest = z
  .strictObject({
    idempotencyKey,
    status: z
      .enum(["registered", "closed"])
      .optional()
      .describe("closed: the case is closed. registered: handled again (after a supplement came in)."),
    text: paragraph(1000).optional().describe("A short line shown with the update on Mina sidor."),
    outcome: z
      .enum(["investigation_opened", "investigation_not_opened", "investigation_under_way"])
      .optional()
      .describe(
        "For a report of concern about a child from a reporter with a duty to report who asked to be told " +
          '(the answer aterkoppling.feedback is "ja"): whether an investigation (utredning) was opened, was ' +
          "not opened, or one is already under way. Shown on their Mina sidor in their language. Refused for a " +
          "report about an adult (outcome_adult_report), a reporter who did not ask (outcome_not_requested), " +
          "anyone else (outcome_not_applicable), and one who asked without logging in (no_recipient).",
      ),
  })
  .refine(
    (s) => s.status !== undefined || s.text !== undefined || s.outcome !== undefined,
    "status, text or outcome is required",
  )
  .describe("StatusRequest");

// ---------------------------------------------------------------------------------------------
// Responses (documentation only: the service builds them)

const iso = z.iso.datetime({ offset: true });

const person = z.object({
  personnummer: z.string().regex(/^\d{12}$/),
  name: z.string().nullable(),
  protectedIdentity: z.boolean().describe("Skyddade personuppgifter: never reveal an address or whereabouts."),
});

export const attachmentView = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int().describe("Bytes."),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    ruleId: z.string().nullable().describe("The document rule the file answers, if any."),
    href: z.url().describe("Where to download it (needs the lease)."),
  })
  .describe("Attachment");

export const leaseView = z.object({ id: z.uuid(), expiresAt: iso }).describe("Lease");

export const claimedItem = z
  .object({
    id: z.uuid(),
    reference: z
      .string()
      .describe("The receipt number the person got: unique, and the robot's idempotency key in the case system."),
    kind: z.enum(["submission", "supplement", "withdrawal"]),
    queue: z.enum(queueNames),
    serviceId: z.string(),
    serviceVersion: z.number().int(),
    answersSchema: z.url().describe("The JSON Schema the answers follow."),
    priority: z.number().int().describe("Higher first: 100 is an acute report."),
    flags: z.array(z.string()),
    channel: z.string(),
    language: z.string(),
    arrivedAt: iso.nullable().describe("When it arrived (registration in law)."),
    attempt: z.number().int().describe("1 on the first claim, more after a retry or an expired lease."),
    lease: leaseView,
    caseNumber: z.string().nullable().describe("For a supplement or withdrawal: the case it belongs to."),
    caseSystem: z.string().nullable(),
    sender: person.nullable().describe("Who sent it; null for an anonymous report."),
    recordedPerson: z
      .object({
        recordedBy: z.string().describe("The staff member who registered it."),
        name: z.string().nullable(),
        personnummer: z
          .string()
          .regex(/^\d{12}$/)
          .nullable()
          .describe("Null when the person has neither personnummer nor samordningsnummer."),
        birthDate: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        address: z.string().nullable(),
        language: z.string().nullable(),
        interpreter: z.boolean().nullable(),
      })
      .nullable()
      .describe(
        "For the assisted and paper channels (see channel): the person as staff recorded them, who may have no personnummer; null for the e-service.",
      ),
    coParties: z.array(person.extend({ role: z.string() })),
    answers: z.record(z.string(), z.unknown()).nullable().describe("For a submission: the answers, by step and field."),
    computed: z.record(z.string(), z.unknown()).nullable().describe("Figures the e-service derived from the answers."),
    message: z
      .object({ id: z.uuid(), body: z.string(), sentAt: iso })
      .nullable()
      .describe("For a supplement: the person's message."),
    attachments: z.array(attachmentView),
  })
  .describe("ClaimedItem");

export const itemView = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    kind: z.string(),
    queue: z.enum(queueNames),
    serviceId: z.string(),
    state: z.enum(robotItemStates),
    priority: z.number().int(),
    attempts: z.number().int(),
    lease: z
      .object({ id: z.uuid().nullable(), expiresAt: iso, heldByYou: z.boolean() })
      .nullable()
      .describe("While in progress."),
    caseNumber: z.string().nullable(),
    caseSystem: z.string().nullable(),
    output: completionOutput.nullable().optional().describe("What the completion reported besides the case number."),
    reason: z.string().nullable().describe("The last failure's or postponement's reason."),
    createdAt: iso,
    updatedAt: iso,
    finishedAt: iso.nullable(),
    nextAttemptAt: iso
      .nullable()
      .optional()
      .describe("While it waits (new, failed_application, abandoned, postponed): from when it may be claimed (again)."),
    handledByPerson: z
      .object({
        action: z.enum(["registered_by_hand", "requeued"]),
        at: iso,
        staffId: z.string().describe("The staff member's id at the municipality's identity provider."),
      })
      .nullable()
      .optional()
      .describe(
        "A person registered the item by hand or put it back on a queue (after a business exception or dead " +
          "letter): do not register it again.",
      ),
  })
  .describe("Item");

export const itemPage = z
  .object({
    items: z.array(itemView),
    nextCursor: z.string().nullable().describe("Pass as cursor for the next page; null on the last page."),
  })
  .describe("ItemPage");

export const itemEventView = z
  .object({
    id: z.number().int(),
    at: iso,
    kind: z
      .string()
      .describe(
        "queued, claimed, lease_extended, completed, postponed, failed_application, business_exception, abandoned, " +
          "dead_lettered, message_posted, supplement_requested, status_posted, registered_by_hand, requeued, requeued_from, " +
          "taken, taken_over, released (a caseworker took the item to handle it by hand, took it over from another " +
          "with a reason in details.reason, or gave it back; details.staff and details.from name them)",
      ),
    robot: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .describe("ItemEvent");

export const writeBackView = z.object({ id: z.string(), createdAt: iso, replayed: z.boolean() }).describe("WriteBack");

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe("Stable and machine-readable, e.g. lease_expired."),
      message: z.string(),
      details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    }),
  })
  .describe("Error");
