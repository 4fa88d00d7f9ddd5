import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "#db/connect";
import {
  attachment,
  robotItem,
  robotItemEvent,
  robotToken,
  submissionEvent,
  type RobotCompletionOutput,
} from "#db/schema";
import type { Actor } from "~/audit/audit.server";
import type { Keyring } from "~/crypto/envelope";
import type { QueueName } from "~/intake/definition";
import type { AnswersSoFar } from "~/intake/fields";
import type { RecordedPerson } from "~/intake/recorded-person.server";
import { filesOf, itemContents, type PersonOnItem } from "~/queue/item-contents.server";
import { staffNames } from "~/auth/staff-directory.server";
import { UUID } from "../guard.server";
import { HANDLED_BY_PEOPLE, REQUEUED } from "./item-events.server";

/** One item as the caseworker reads it: the item, its contents, its history, and its files. */

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

/** One of an item's files, if the item carries it; the read is audited by the caller. */
export async function itemFile(db: Executor, item: typeof robotItem.$inferSelect, fileId: string | undefined) {
  if (!fileId || !UUID.test(fileId)) return null;
  const [file] = await db
    .select()
    .from(attachment)
    .where(and(eq(attachment.id, fileId), filesOf(item)));
  return file ?? null;
}
