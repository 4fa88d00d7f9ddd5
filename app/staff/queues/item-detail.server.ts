import { and, asc, desc, eq, inArray, notExists, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { rowsOf, type Executor } from "#db/connect";
import {
  attachment,
  robotItem,
  robotItemEvent,
  robotToken,
  submission,
  submissionEvent,
  type RobotCompletionOutput,
} from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import type { Keyring } from "~/crypto/envelope";
import { queueNames, type QueueName, type Routing } from "~/intake/definition";
import type { SubmissionRow } from "~/intake/submissions.server";
import type { AnswersSoFar } from "~/intake/fields";
import { enqueueNotice } from "~/notify/notices.server";
import { BOSS_SCHEMA } from "~/queue/boss.server";
import { bossQueueName, enqueueIntakeItem } from "~/queue/intake-queue.server";
import type { RecordedPerson } from "~/intake/recorded-person.server";
import { filesOf, itemContents, type PersonOnItem } from "~/queue/item-contents.server";
import { staffNames } from "~/auth/staff-directory.server";
import { UUID } from "../guard.server";
import { afterRegistrationDays } from "~/retention/settings.server";

/**
 * Manual handling: the items the robot could not register — business exceptions (data it could
 * not register) and dead letters (retries spent) — for the people who work the queue. They may
 * read one (audited as any read), register it by hand with the case number they created (the
 * same effect for the person as the robot's completion), or correct it and put it back on a
 * queue as new work, with the reason. Every change locks the pg-boss job row first and the item
 * second, the order a claim takes them (docs/decisions/005-robot-queue.md).
 *
 * So that two people do not handle one item at once, a caseworker takes it first; while they
 * hold it nobody else may register or requeue it, and another may take it over only by giving a
 * reason, which goes into the item's history (the robot reads it there) and the audit log.
 */

/** Item states that wait for a person. */
export const HANDLED_BY_PEOPLE = ["business_exception", "dead_lettered"] as const;

/** Robot item events written by the staff console. */
export const REQUEUED = "requeued";
export const REGISTERED_BY_HAND = "registered_by_hand";
/** A caseworker took the item to handle it by hand; took it over from another (with a reason); gave it back. */
export const TAKEN = "taken";
export const TAKEN_OVER = "taken_over";
export const RELEASED = "released";

export interface QueueOverview {
  queue: QueueName;
  /** Waiting to be claimed: new, or back for a retry. */
  waiting: number;
  /** Seconds the oldest waiting item has waited; null when none waits. */
  oldestSeconds: number | null;
  inProgress: number;
  /** Failed with an application exception, waiting for a retry. */
  retrying: number;
  /** Business exceptions and dead letters no one has handled yet. */
  toHandle: number;
}

/** Counts only, per queue: how the queues flow. Read from pg-boss (as /metrics is) and the item rows. */
export async function queueOverview(db: Executor, queues: readonly QueueName[]): Promise<QueueOverview[]> {
  if (queues.length === 0) return [];
  const jobs = await rowsOf<{ name: string; waiting: number; active: number; oldest: number | null }>(
    db,
    sql`select name,
          count(*) filter (where state in ('created', 'retry'))::int as waiting,
          count(*) filter (where state = 'active')::int as active,
          extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry')))::float8 as oldest
        from ${sql.identifier(BOSS_SCHEMA)}.job
        where name like 'intake.%'
        group by name`,
  );
  const items = await db
    .select({
      queue: robotItem.queue,
      retrying: sql<number>`count(*) filter (where ${robotItem.state} = 'failed_application')::int`.mapWith(Number),
      toHandle: sql<number>`count(*) filter (where ${robotItem.state} in ('business_exception', 'dead_lettered')
        and not exists (select 1 from robot_item_event e where e.item_id = robot_item.id and e.kind = ${REQUEUED}))::int`.mapWith(
        Number,
      ),
    })
    .from(robotItem)
    .where(inArray(robotItem.queue, [...queues]))
    .groupBy(robotItem.queue);
  return queues.map((queue) => {
    const job = jobs.find((j) => j.name === bossQueueName(queue));
    const item = items.find((i) => i.queue === queue);
    const oldest = job?.oldest === null || job?.oldest === undefined ? null : Math.max(0, Number(job.oldest));
    return {
      queue,
      waiting: Number(job?.waiting ?? 0),
      oldestSeconds: Number(job?.waiting ?? 0) > 0 ? oldest : null,
      inProgress: Number(job?.active ?? 0),
      retrying: item?.retrying ?? 0,
      toHandle: item?.toHandle ?? 0,
    };
  });
}

export interface FailedItem {
  id: string;
  reference: string;
  serviceId: string;
  kind: string;
  state: string;
  reason: string | null;
  attempts: number;
  failedAt: string | null;
  acute: boolean;
  channel: string;
  /** The staff subject handling it by hand now, if anyone. */
  takenBy: string | null;
}

/** The queue's items waiting for a person, acute first, then the oldest failure first. */
export async function failedItems(db: Executor, queue: QueueName): Promise<FailedItem[]> {
  const rows = await db
    .select({ item: robotItem, flags: submission.flags, channel: submission.channel })
    .from(robotItem)
    .innerJoin(submission, eq(submission.id, robotItem.submissionId))
    .where(
      and(
        eq(robotItem.queue, queue),
        inArray(robotItem.state, [...HANDLED_BY_PEOPLE]),
        notExists(sql`(select 1 from robot_item_event e where e.item_id = robot_item.id and e.kind = ${REQUEUED})`),
      ),
    )
    .orderBy(desc(robotItem.priority), asc(robotItem.finishedAt), asc(robotItem.id))
    .limit(500);
  return rows.map(({ item, flags, channel }) => ({
    id: item.id,
    reference: item.reference,
    serviceId: item.serviceId,
    kind: item.kind,
    state: item.state,
    reason: item.reason,
    attempts: item.attempts,
    failedAt: item.finishedAt?.toISOString() ?? null,
    acute: flags.includes("acute"),
    channel,
    takenBy: item.takenBy,
  }));
}

/** The item, if it is in this queue; null for an unknown or tampered id (a 404). */
export async function findItem(db: Executor, queue: QueueName, itemId: string | undefined) {
  if (!itemId || !UUID.test(itemId)) return null;
  const [item] = await db
    .select()
    .from(robotItem)
    .where(and(eq(robotItem.id, itemId), eq(robotItem.queue, queue)));
  return item ?? null;
}

export interface ItemDetail {
  item: {
    id: string;
    reference: string;
    kind: string;
    queue: string;
    state: string;
    reason: string | null;
    attempts: number;
    priority: number;
    caseNumber: string | null;
    caseSystem: string | null;
    output: RobotCompletionOutput | null;
    createdAt: string;
    finishedAt: string | null;
    requeued: boolean;
    handleable: boolean;
    /** Who handles it by hand now, and since when (only while it waits for a person). */
    taken: { by: string; name: string | null; at: string } | null;
  };
  submission: {
    serviceId: string;
    serviceVersion: number;
    reference: string;
    status: string;
    channel: string;
    flags: string[];
    submittedAt: string | null;
    caseNumber: string | null;
    caseSystem: string | null;
    anonymous: boolean;
  };
  answers: AnswersSoFar;
  sender: PersonOnItem | null;
  recorded: RecordedPerson | null;
  carried: { id: string; body: string; sentAt: string } | null;
  files: { id: string; filename: string; size: number; contentType: string; fromMessage: boolean }[];
  history: {
    at: string;
    kind: string;
    robot: string | null;
    /** The staff member who acted, by name where the directory knows it (else their id). */
    staff: string | null;
    /** The one whose item was taken over, likewise. */
    from: string | null;
    details: Record<string, string | number | boolean | null>;
  }[];
  events: { at: string; kind: string; visibleToPerson: boolean }[];
}

/**
 * One item with everything a person needs to register it by hand: the answers, the sender, the
 * files, the message a supplement carries, and the item's history. Every opened secret is
 * audited with the staff member as the reader, as the robot's claim is.
 */
export async function itemDetail(
  db: Executor,
  keyring: Keyring,
  actor: Actor,
  item: typeof robotItem.$inferSelect,
): Promise<ItemDetail> {
  const { row, view, sender, recorded, carried, files } = await itemContents(db, keyring, actor, item, {
    purpose: "manual_handling",
    answers: true,
    coParties: false,
  });
  const history = await db
    .select({ event: robotItemEvent, robotName: robotToken.name })
    .from(robotItemEvent)
    .leftJoin(robotToken, eq(robotToken.id, robotItemEvent.tokenId))
    .where(eq(robotItemEvent.itemId, item.id))
    .orderBy(asc(robotItemEvent.id));
  const events = await db
    .select({ at: submissionEvent.at, kind: submissionEvent.kind, visibleToPerson: submissionEvent.visibleToPerson })
    .from(submissionEvent)
    .where(eq(submissionEvent.submissionId, row.id))
    .orderBy(asc(submissionEvent.at), asc(submissionEvent.id));
  const requeued = history.some((h) => h.event.kind === REQUEUED);
  const handleable = (HANDLED_BY_PEOPLE as readonly string[]).includes(item.state) && !requeued;
  const staffOf = (details: Record<string, unknown> | null, key: string) =>
    typeof details?.[key] === "string" ? (details[key] as string) : null;
  const names = await staffNames(db, keyring, [
    item.takenBy,
    ...history.flatMap(({ event }) => [staffOf(event.details, "staff"), staffOf(event.details, "from")]),
  ]);
  const named = (subject: string | null) => (subject ? (names.get(subject) ?? subject) : null);

  return {
    item: {
      id: item.id,
      reference: item.reference,
      kind: item.kind,
      queue: item.queue,
      state: item.state,
      reason: item.reason,
      attempts: item.attempts,
      priority: item.priority,
      caseNumber: item.caseNumber,
      caseSystem: item.caseSystem,
      /** What the robot reported from the case system besides the case number. */
      output: item.output ?? null,
      createdAt: item.createdAt.toISOString(),
      finishedAt: item.finishedAt?.toISOString() ?? null,
      requeued,
      handleable,
      taken:
        handleable && item.takenBy
          ? { by: item.takenBy, name: names.get(item.takenBy) ?? null, at: item.takenAt!.toISOString() }
          : null,
    },
    submission: {
      serviceId: row.serviceId,
      serviceVersion: row.serviceVersion,
      reference: row.reference,
      status: row.status,
      channel: row.channel,
      flags: row.flags,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      caseNumber: row.caseNumber,
      caseSystem: row.caseSystem,
      anonymous: row.personId === null && row.channel === "e-service",
    },
    answers: view.answers,
    sender,
    recorded,
    carried,
    files: files.map((f) => ({
      id: f.id,
      filename: f.filename,
      size: f.sizeBytes,
      contentType: f.contentType,
      fromMessage: f.messageId !== null,
    })),
    history: history.map(({ event, robotName }) => ({
      at: event.at.toISOString(),
      kind: event.kind,
      robot: event.tokenId ? (robotName ?? event.tokenId) : null,
      staff: named(staffOf(event.details, "staff")),
      from: named(staffOf(event.details, "from")),
      // A lease id is the holder's business; the history names the robot instead.
      details: Object.fromEntries(Object.entries(event.details ?? {}).filter(([k]) => k !== "leaseId")),
    })),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, visibleToPerson: e.visibleToPerson })),
  };
}

export type HandlingRefusal =
  | { ok: false; reason: "already_registered"; caseNumber: string | null }
  | { ok: false; reason: "taken_by_colleague"; takenBy: string }
  | { ok: false; reason: "already_requeued" | "not_waiting" | "not_taken" | "invalid"; fields?: string[] };

export type HandlingOutcome = { ok: true; newItemId?: string } | HandlingRefusal;

class Refused extends Error {
  constructor(readonly outcome: HandlingRefusal) {
    super(outcome.reason);
  }
}

/** Locks the pg-boss job row, then the item row: the order a robot's claim takes them. */
async function lockItem(tx: Executor, queue: QueueName, itemId: string) {
  await rowsOf(
    tx,
    sql`select id from ${sql.identifier(BOSS_SCHEMA)}.job where name = ${bossQueueName(queue)} and id = ${itemId} for update`,
  );
  const [item] = await tx
    .select()
    .from(robotItem)
    .where(and(eq(robotItem.id, itemId), eq(robotItem.queue, queue)))
    .for("update");
  if (!item) throw new Refused({ ok: false, reason: "not_waiting" });
  const [row] = await tx.select().from(submission).where(eq(submission.id, item.submissionId)).for("update");
  if (!row) throw new Refused({ ok: false, reason: "not_waiting" });
  const [requeued] = await tx
    .select({ id: robotItemEvent.id })
    .from(robotItemEvent)
    .where(and(eq(robotItemEvent.itemId, itemId), eq(robotItemEvent.kind, REQUEUED)));
  return { item, row, requeued: !!requeued };
}

/** Refuses anything but an item waiting for a person; an item already registered says under which number. */
function requireWaiting(item: typeof robotItem.$inferSelect, row: SubmissionRow, requeued: boolean) {
  if (item.state === "successful" || (item.kind === "submission" && row.caseNumber))
    throw new Refused({ ok: false, reason: "already_registered", caseNumber: item.caseNumber ?? row.caseNumber });
  if (requeued) throw new Refused({ ok: false, reason: "already_requeued" });
  if (!(HANDLED_BY_PEOPLE as readonly string[]).includes(item.state))
    throw new Refused({ ok: false, reason: "not_waiting" });
}

/** Refuses a change by anyone but the caseworker who holds the item (an item nobody holds is free to handle). */
function requireNotTakenByOther(item: typeof robotItem.$inferSelect, actor: Actor & { kind: "staff" }) {
  if (item.takenBy && item.takenBy !== actor.id)
    throw new Refused({ ok: false, reason: "taken_by_colleague", takenBy: item.takenBy });
}

async function refusals(run: () => Promise<HandlingOutcome>): Promise<HandlingOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

export interface HandlingDependencies {
  db: Executor;
  boss: PgBoss;
}

const CASE_TEXT = /^[\p{L}\p{N}][\p{L}\p{N} .:/_-]{0,59}$/u;

/** What a case number and case system may look like: 1–60 letters, digits and - / . : _ or spaces. */
export function checkCaseFields(caseNumber: string, caseSystem: string): string[] {
  const wrong: string[] = [];
  if (!CASE_TEXT.test(caseNumber)) wrong.push("caseNumber");
  if (!CASE_TEXT.test(caseSystem)) wrong.push("caseSystem");
  return wrong;
}

/**
 * The item was registered in the case system by a person: for a submission, the person's Mina
 * sidor shows it registered with the case number (a notice says something changed, never what),
 * and the portal keeps its copy for the service's retention after registration — exactly as when
 * the robot completes it.
 */
export async function registerByHand(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
  input: { caseNumber: string; caseSystem: string },
): Promise<HandlingOutcome> {
  const caseNumber = input.caseNumber.trim();
  const caseSystem = input.caseSystem.trim();
  const wrong = checkCaseFields(caseNumber, caseSystem);
  if (wrong.length) return { ok: false, reason: "invalid", fields: wrong };
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      requireNotTakenByOther(item, actor);
      await tx
        .update(robotItem)
        .set({
          state: "successful",
          caseNumber,
          caseSystem,
          leaseExpiresAt: null,
          finishedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(eq(robotItem.id, itemId));
      await tx.insert(robotItemEvent).values({
        itemId,
        kind: REGISTERED_BY_HAND,
        details: { staff: actor.id, caseNumber, caseSystem, previousState: item.state },
      });
      if (item.kind === "submission") {
        const days = await afterRegistrationDays(tx, row.serviceId);
        await tx
          .update(submission)
          .set({
            status: row.status === "received" ? "registered" : row.status,
            registeredAt: sql`now()`,
            caseNumber,
            caseSystem,
            retainUntil: days === undefined ? row.retainUntil : sql`now() + make_interval(days => ${days})`,
          })
          .where(eq(submission.id, row.id));
        await tx.insert(submissionEvent).values({
          submissionId: row.id,
          kind: "registered",
          visibleToPerson: true,
          details: { caseNumber, caseSystem, manual: true },
        });
        if (row.personId)
          await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "status", submissionId: row.id });
      } else {
        await tx.insert(submissionEvent).values({
          submissionId: row.id,
          kind: `${item.kind}_registered`,
          visibleToPerson: false,
          details: { itemId, manual: true },
        });
      }
      await audit(tx, {
        actor,
        action: "robot_item_registered_by_hand",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, queue, caseSystem, previousState: item.state },
      });
      return { ok: true } as const;
    }),
  );
}

/**
 * Puts a failed item back on a queue as new work (its own queue, or another when it was routed
 * wrong), after the person corrected what stopped the robot — usually in the case system. The
 * reason goes into the item's history, which the robot can read; the old item stays as it was,
 * marked as requeued. An item already registered is refused: it would be registered twice.
 */
export async function requeueItem(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
  input: { reason: string; targetQueue?: string },
): Promise<HandlingOutcome> {
  const reason = input.reason.trim().replace(/\r\n/g, "\n");
  const target = input.targetQueue || queue;
  const fields: string[] = [];
  if (reason.length < 3 || reason.length > 500) fields.push("reason");
  if (!(queueNames as readonly string[]).includes(target)) fields.push("targetQueue");
  if (fields.length) return { ok: false, reason: "invalid", fields };
  const targetQueue = target as QueueName;
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      requireNotTakenByOther(item, actor);
      const routing: Routing = { queue: targetQueue, priority: item.priority, flags: row.flags as Routing["flags"] };
      const newItemId = await enqueueIntakeItem(tx, deps.boss, routing, {
        kind: item.kind as "submission" | "supplement" | "withdrawal",
        submissionId: row.id,
        reference: row.reference,
        serviceId: row.serviceId,
        ...(item.messageId ? { messageId: item.messageId } : {}),
      });
      await tx.insert(robotItemEvent).values({
        itemId,
        kind: REQUEUED,
        details: { staff: actor.id, reason, newItemId, queue: targetQueue },
      });
      await tx.insert(robotItemEvent).values({
        itemId: newItemId,
        kind: "requeued_from",
        details: { staff: actor.id, reason, previousItemId: itemId, previousQueue: queue },
      });
      if (item.kind === "submission" && targetQueue !== row.queue)
        await tx.update(submission).set({ queue: targetQueue }).where(eq(submission.id, row.id));
      await audit(tx, {
        actor,
        action: "robot_item_requeued",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, from: queue, to: targetQueue, newItem: newItemId, previousState: item.state },
      });
      return { ok: true, newItemId } as const;
    }),
  );
}

/** A reason for taking over another's item: 3–500 characters, as a requeue's. */
const takeoverReason = (text: string) => text.trim().replace(/\r\n/g, "\n");

/**
 * Takes a waiting item to handle it by hand. Taking one already held by someone else is a
 * take-over and needs a reason; without one, the answer says who holds it. Taking one's own item
 * again changes nothing.
 */
export async function takeItem(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
  input: { reason?: string } = {},
): Promise<HandlingOutcome> {
  const reason = takeoverReason(input.reason ?? "");
  if (input.reason !== undefined && (reason.length < 3 || reason.length > 500))
    return { ok: false, reason: "invalid", fields: ["takeoverReason"] };
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      if (item.takenBy === actor.id) return { ok: true } as const;
      const from = item.takenBy;
      if (from && input.reason === undefined)
        throw new Refused({ ok: false, reason: "taken_by_colleague", takenBy: from });
      await tx
        .update(robotItem)
        .set({ takenBy: actor.id, takenAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(robotItem.id, itemId));
      await tx.insert(robotItemEvent).values({
        itemId,
        kind: from ? TAKEN_OVER : TAKEN,
        details: from ? { staff: actor.id, from, reason } : { staff: actor.id },
      });
      // The reason is the item's history (content); the log keeps who took it from whom.
      await audit(tx, {
        actor,
        action: from ? "robot_item_taken_over" : "robot_item_taken",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, queue, ...(from ? { from } : {}) },
      });
      return { ok: true } as const;
    }),
  );
}

/** The caseworker who holds the item gives it back, so anyone may take it. */
export async function releaseItem(
  deps: HandlingDependencies,
  actor: Actor & { kind: "staff" },
  queue: QueueName,
  itemId: string,
): Promise<HandlingOutcome> {
  return refusals(() =>
    deps.db.transaction(async (tx) => {
      const { item, row, requeued } = await lockItem(tx, queue, itemId);
      requireWaiting(item, row, requeued);
      requireNotTakenByOther(item, actor);
      if (!item.takenBy) throw new Refused({ ok: false, reason: "not_taken" });
      await tx
        .update(robotItem)
        .set({ takenBy: null, takenAt: null, updatedAt: sql`now()` })
        .where(eq(robotItem.id, itemId));
      await tx.insert(robotItemEvent).values({ itemId, kind: RELEASED, details: { staff: actor.id } });
      await audit(tx, {
        actor,
        action: "robot_item_released",
        subject: { kind: "robot_item", id: itemId },
        details: { submission: row.id, queue },
      });
      return { ok: true } as const;
    }),
  );
}

/** One of an item's files, if the item carries it; the read is audited by the caller. */
export async function itemFile(db: Executor, item: typeof robotItem.$inferSelect, fileId: string | undefined) {
  if (!fileId || !UUID.test(fileId)) return null;
  const [file] = await db
    .select()
    .from(attachment)
    .where(and(eq(attachment.id, fileId), filesOf(item)));
  return file ?? null;
}

export { queueNames };
