import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { attachment, message, submission, submissionEvent } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import { openText, seal, type Keyring } from "~/crypto/envelope";
import type { QueueName } from "~/intake/definition";
import { isValidReference } from "~/intake/reference";
import { enqueueNotice, noticeChannel } from "~/notify/notices.server";

type NoticeRoute = NonNullable<Awaited<ReturnType<typeof noticeChannel>>>;

/**
 * Messages from residents, for the units whose case system does not carry them: the staff of a
 * queue read the messages on the submissions in their queues and answer on Mina sidor. The
 * inbox lists messages without their content; opening a conversation is a read, audited, and
 * marks the resident's messages as read. An answer sends the person a notice that something is
 * waiting, never what.
 */

export const MESSAGE_MAX = 5000;

export interface InboxEntry {
  reference: string;
  serviceId: string;
  queue: string;
  latestAt: string;
  fromPerson: number;
  unread: number;
  /** The last word was the social services'. */
  answered: boolean;
}

/** One line per submission with messages from the person, in the given queues; unread first, then the newest. */
export async function inbox(db: Executor, queues: readonly QueueName[]): Promise<InboxEntry[]> {
  if (queues.length === 0) return [];
  const rows = await db
    .select({
      reference: submission.reference,
      serviceId: submission.serviceId,
      queue: submission.queue,
      latestAt: sql<string>`max(${message.createdAt})`.mapWith(message.createdAt),
      latestFromPersonAt:
        sql<string>`max(${message.createdAt}) filter (where ${message.direction} = 'from_person')`.mapWith(
          message.createdAt,
        ),
      fromPerson: sql<number>`count(*) filter (where ${message.direction} = 'from_person')::int`.mapWith(Number),
      unread:
        sql<number>`count(*) filter (where ${message.direction} = 'from_person' and ${message.readAt} is null)::int`.mapWith(
          Number,
        ),
      latestToPersonAt:
        sql<string>`max(${message.createdAt}) filter (where ${message.direction} = 'to_person')`.mapWith(
          message.createdAt,
        ),
    })
    .from(message)
    .innerJoin(submission, eq(submission.id, message.submissionId))
    .where(inArray(submission.queue, [...queues]))
    .groupBy(submission.id, submission.reference, submission.serviceId, submission.queue)
    .having(sql`count(*) filter (where ${message.direction} = 'from_person') > 0`)
    .orderBy(
      desc(sql`count(*) filter (where ${message.direction} = 'from_person' and ${message.readAt} is null) > 0`),
      desc(sql`max(${message.createdAt})`),
    )
    .limit(300);
  return rows.map((r) => {
    const latest = new Date(r.latestAt as unknown as string);
    const fromPerson = r.latestFromPersonAt ? new Date(r.latestFromPersonAt as unknown as string) : null;
    const toPerson = r.latestToPersonAt ? new Date(r.latestToPersonAt as unknown as string) : null;
    return {
      reference: r.reference,
      serviceId: r.serviceId,
      queue: r.queue,
      latestAt: latest.toISOString(),
      fromPerson: r.fromPerson,
      unread: r.unread,
      answered: !!toPerson && !!fromPerson && toPerson >= fromPerson,
    };
  });
}

/** The submission by reference, if it is in one of these queues; null (a 404) otherwise. */
export async function submissionInQueues(db: Executor, reference: string | undefined, queues: readonly QueueName[]) {
  if (!reference || !isValidReference(reference)) return null;
  const [row] = await db
    .select()
    .from(submission)
    .where(and(eq(submission.reference, reference), inArray(submission.queue, [...queues])));
  return row ?? null;
}

export interface ThreadMessage {
  id: string;
  direction: "to_person" | "from_person";
  kind: string;
  author: "person" | "staff" | "robot";
  at: string;
  body: string;
  readAt: string | null;
  /** Files the person sent with the message (a reply with documents); reading one is audited. */
  files: { id: string; filename: string; size: number }[];
}

/** The conversation of one submission, opened (and audited) for a staff member; marks the person's messages read. */
export async function openThread(
  db: Executor,
  keyring: Keyring,
  actor: Actor,
  submissionId: string,
): Promise<ThreadMessage[]> {
  const rows = await db
    .select()
    .from(message)
    .where(eq(message.submissionId, submissionId))
    .orderBy(asc(message.createdAt), asc(message.id));
  if (rows.length)
    await audit(db, {
      actor,
      action: "message_read",
      subject: { kind: "submission", id: submissionId },
      details: { purpose: "staff_messages", messages: rows.length },
    });
  await db
    .update(message)
    .set({ readAt: sql`now()` })
    .where(and(eq(message.submissionId, submissionId), eq(message.direction, "from_person"), isNull(message.readAt)));
  const files = rows.length
    ? await db
        .select()
        .from(attachment)
        .where(
          inArray(
            attachment.messageId,
            rows.map((m) => m.id),
          ),
        )
        .orderBy(asc(attachment.createdAt), asc(attachment.id))
    : [];
  return rows.map((m) => ({
    files: files
      .filter((f) => f.messageId === m.id)
      .map((f) => ({
        id: f.id,
        filename: openText(keyring, f.filenameSealed, `attachment.filename:${f.id}`),
        size: f.sizeBytes,
      })),
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    author: m.authorKind,
    at: m.createdAt.toISOString(),
    body: openText(keyring, m.bodySealed, `message.body:${m.id}`),
    readAt: m.readAt?.toISOString() ?? null,
  }));
}

export type AnswerOutcome =
  { ok: true; id: string; notice: NoticeRoute | null } | { ok: false; reason: "empty" | "too_long" | "no_recipient" };

/**
 * Answers the person on Mina sidor; a notice tells them something is waiting, by the way they
 * chose on Mina sidor, or, having chosen none, at the contact they gave in this errand (people
 * with protected personal data get none). The outcome says how, so staff are not told a notice
 * went out when none did.
 */
export async function answerPerson(
  deps: { db: Executor; boss: PgBoss; keyring: Keyring; smsAvailable: boolean },
  actor: Actor & { kind: "staff" },
  submissionId: string,
  text: string,
): Promise<AnswerOutcome> {
  const body = text.trim().replace(/\r\n/g, "\n");
  if (!body) return { ok: false, reason: "empty" };
  if (body.length > MESSAGE_MAX) return { ok: false, reason: "too_long" };
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(submission).where(eq(submission.id, submissionId)).for("update");
    if (!row?.personId) return { ok: false, reason: "no_recipient" } as const;
    const id = crypto.randomUUID();
    await tx.insert(message).values({
      id,
      submissionId,
      direction: "to_person",
      kind: "message",
      authorKind: "staff",
      authorId: actor.id,
      bodySealed: seal(deps.keyring, body, `message.body:${id}`),
    });
    await tx.insert(submissionEvent).values({
      submissionId,
      kind: "message_received",
      visibleToPerson: true,
      details: { messageId: id },
    });
    await enqueueNotice(tx, deps.boss, { personId: row.personId, kind: "message", submissionId });
    const notice = await noticeChannel(
      tx,
      deps.keyring,
      { personId: row.personId, kind: "message", submissionId },
      deps.smsAvailable,
      actor,
    );
    await audit(tx, {
      actor,
      action: "staff_message_sent",
      subject: { kind: "submission", id: submissionId },
      details: { message: id },
    });
    return { ok: true, id, notice } as const;
  });
}

/** A file sent with one of this submission's messages, or null: never another submission's. */
export async function threadFile(db: Executor, submissionId: string, fileId: string | undefined) {
  if (!fileId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(fileId)) return null;
  const [file] = await db
    .select({ file: attachment })
    .from(attachment)
    .innerJoin(message, eq(message.id, attachment.messageId))
    .where(and(eq(attachment.id, fileId), eq(message.submissionId, submissionId)));
  return file?.file ?? null;
}
