import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { message, submission, submissionEvent } from "#db/schema";
import { audit } from "~/audit/audit.server";
import { openText, seal, type Keyring } from "~/crypto/envelope";
import { serviceById } from "~/e-services/registry.server";
import { readSubmission } from "~/intake/submissions.server";
import { enqueueNotice } from "~/notify/notices.server";
import { RobotApiError } from "../robot-errors";
import type { RobotPrincipal } from "../robot-tokens.server";
import { type RobotQueueDependencies, robotActor, findItem, addEvent } from "./item-lock.server";

/** Writing back to the person: a message (or a request for more) and a status on Mina sidor. */

export interface MessageInput {
  idempotencyKey: string;
  kind: "message" | "supplement_request";
  body: string;
}

export interface WriteBackResult {
  id: string;
  createdAt: string;
  /** True when this key was seen before and nothing new was written. */
  replayed: boolean;
}

/** The robot's key, scoped to the submission so two submissions never share one. */
const scopedKey = (submissionId: string, key: string) => `robot:${submissionId}:${key}`;

/**
 * A message, or a request for a supplement, from the social services to the person, shown on
 * Mina sidor. The person gets a notice that something is waiting (never what). A report made
 * anonymously has nobody to write to, and is refused.
 */
export async function postMessage(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: MessageInput,
): Promise<WriteBackResult> {
  return deps.db.transaction(async (tx) => {
    const item = await findItem(tx, robot, itemId);
    const [row] = await tx.select().from(submission).where(eq(submission.id, item.submissionId)).for("update");
    if (!row) throw new RobotApiError("item_not_found", "The item's submission no longer exists.");
    const key = scopedKey(row.id, input.idempotencyKey);

    const [earlier] = await tx.select().from(message).where(eq(message.idempotencyKey, key));
    if (earlier) {
      const same =
        earlier.submissionId === row.id &&
        earlier.kind === input.kind &&
        openText(deps.keyring, earlier.bodySealed, `message.body:${earlier.id}`) === input.body;
      if (!same)
        throw new RobotApiError(
          "idempotency_conflict",
          "This idempotency key was already used for a different message on this submission.",
        );
      return { id: earlier.id, createdAt: earlier.createdAt.toISOString(), replayed: true };
    }
    if (!row.personId)
      throw new RobotApiError("no_recipient", "The submission was made anonymously: there is nobody to write to.");

    const id = randomUUID();
    const [inserted] = await tx
      .insert(message)
      .values({
        id,
        submissionId: row.id,
        direction: "to_person",
        kind: input.kind,
        authorKind: "robot",
        authorId: robot.tokenId,
        bodySealed: seal(deps.keyring, input.body, `message.body:${id}`),
        idempotencyKey: key,
      })
      .returning({ createdAt: message.createdAt });
    const supplement = input.kind === "supplement_request";
    await tx.insert(submissionEvent).values({
      submissionId: row.id,
      kind: supplement ? "supplement_requested" : "message_received",
      visibleToPerson: true,
      details: { messageId: id },
    });
    if (supplement && ["received", "registered"].includes(row.status))
      await tx.update(submission).set({ status: "supplement_requested" }).where(eq(submission.id, row.id));
    await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "message", submissionId: row.id });
    await addEvent(tx, itemId, supplement ? "supplement_requested" : "message_posted", robot.tokenId, {
      messageId: id,
    });
    await audit(tx, {
      actor: robotActor(robot),
      action: supplement ? "robot_supplement_requested" : "robot_message_sent",
      subject: { kind: "submission", id: row.id },
      details: { item: itemId, message: id },
    });
    return { id, createdAt: inserted!.createdAt.toISOString(), replayed: false };
  });
}

export const robotStatuses = ["registered", "closed"] as const;
type RobotOutcome = "investigation_opened" | "investigation_not_opened" | "investigation_under_way";

export interface StatusInput {
  idempotencyKey: string;
  /** "closed": the case is closed. "registered": handled again after a supplement came in. */
  status?: (typeof robotStatuses)[number];
  /** A short line shown with the event on Mina sidor. */
  text?: string;
  /** Whether an investigation was opened, for a sender the service says is told it. */
  outcome?: RobotOutcome;
}

/**
 * An outcome goes only to a sender the e-service says is told it (a mandated reporter who asked,
 * about a child); to anyone else it would disclose what secrecy protects. Each refusal says why.
 */
async function requireOutcomeRecipient(
  tx: Executor,
  keyring: Keyring,
  robot: RobotPrincipal,
  row: typeof submission.$inferSelect,
) {
  const toldOutcome = serviceById(row.serviceId)?.toldOutcome;
  const entitlement = toldOutcome
    ? toldOutcome((await readSubmission(tx, keyring, row, robotActor(robot), "robot_outcome")).answers)
    : "not_mandated";
  if (entitlement === "adult_report")
    throw new RobotApiError(
      "outcome_adult_report",
      "The report is about an adult: secrecy forbids telling the reporter.",
    );
  if (entitlement === "not_mandated")
    throw new RobotApiError(
      "outcome_not_applicable",
      "Only a reporter with a duty to report, about a child, may be told whether an investigation was opened.",
    );
  if (entitlement === "not_requested")
    throw new RobotApiError("outcome_not_requested", "The reporter did not ask to be told the outcome.");
  if (!row.personId)
    throw new RobotApiError(
      "no_recipient",
      "The reporter asked to be told but did not log in: there is no Mina sidor to show it on; tell them another way.",
    );
}

/** A status update for the person's Mina sidor, with a notice that something changed. */
export async function postStatus(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  input: StatusInput,
): Promise<WriteBackResult> {
  return deps.db.transaction(async (tx) => {
    const item = await findItem(tx, robot, itemId);
    const [row] = await tx.select().from(submission).where(eq(submission.id, item.submissionId)).for("update");
    if (!row) throw new RobotApiError("item_not_found", "The item's submission no longer exists.");
    const key = scopedKey(row.id, input.idempotencyKey);
    const kind = input.outcome ?? input.status ?? "status";
    const details = { text: input.text ?? null, status: input.status ?? null, outcome: input.outcome ?? null };

    const [earlier] = await tx.select().from(submissionEvent).where(eq(submissionEvent.idempotencyKey, key));
    if (earlier) {
      const same =
        earlier.submissionId === row.id &&
        earlier.kind === kind &&
        (earlier.details?.text ?? null) === details.text &&
        (earlier.details?.status ?? null) === details.status &&
        (earlier.details?.outcome ?? null) === details.outcome;
      if (!same)
        throw new RobotApiError(
          "idempotency_conflict",
          "This idempotency key was already used for a different status update on this submission.",
        );
      return { id: String(earlier.id), createdAt: earlier.at.toISOString(), replayed: true };
    }
    if (input.text && !row.personId)
      throw new RobotApiError("no_recipient", "The submission was made anonymously: there is nobody to write to.");
    if (input.outcome) await requireOutcomeRecipient(tx, deps.keyring, robot, row);
    // Both statuses say the case exists in the case system: before that, Mina sidor would show
    // a case closed (or registered) that was never registered.
    if (input.status && !row.caseNumber)
      throw new RobotApiError(
        "not_registered",
        `The status "${input.status}" needs a registered submission (a case number): complete its item first.`,
      );

    if (input.status) await tx.update(submission).set({ status: input.status }).where(eq(submission.id, row.id));
    const [event] = await tx
      .insert(submissionEvent)
      .values({ submissionId: row.id, kind, visibleToPerson: true, details, idempotencyKey: key })
      .returning();
    if (row.personId)
      await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "status", submissionId: row.id });
    await addEvent(tx, itemId, "status_posted", robot.tokenId, { status: input.status ?? null });
    await audit(tx, {
      actor: robotActor(robot),
      action: "robot_status_posted",
      subject: { kind: "submission", id: row.id },
      details: { item: itemId, status: input.status ?? null, outcome: input.outcome ?? null },
    });
    return { id: String(event!.id), createdAt: event!.at.toISOString(), replayed: false };
  });
}
