import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { attachment, message, robotItem, submission, submissionParty } from "#db/schema";
import { audit, type Actor } from "../audit/audit.server";
import { loadPerson } from "../auth/people.server";
import { openText, type Keyring } from "../crypto/envelope";
import { assistedPersonOf, type RecordedPerson } from "../intake/recorded-person.server";
import { readSubmission, type SubmissionRow, type SubmissionView } from "../intake/submissions.server";

/**
 * What a queue item carries, opened for whoever registers it: the robot at a claim, or a staff
 * member handling it by hand. One loader, so both read the same submission, people, message and
 * files; every opened secret is audited with the reader and the purpose.
 */

type ItemRow = typeof robotItem.$inferSelect;

export interface PersonOnItem {
  personnummer: string;
  name: string | null;
  protectedIdentity: boolean;
}

export interface ItemContents<Answers extends boolean = boolean> {
  row: SubmissionRow;
  /** The answers and what the e-service computed, when asked for. */
  view: Answers extends true ? SubmissionView : SubmissionView | null;
  sender: PersonOnItem | null;
  /** Co-parties who confirmed; empty when not asked for. */
  coParties: (PersonOnItem & { role: string })[];
  /** Assisted and paper channels: the person as staff recorded them. */
  recorded: RecordedPerson | null;
  /** A supplement's message. */
  carried: { id: string; body: string; sentAt: string } | null;
  files: (typeof attachment.$inferSelect & { filename: string })[];
}

/** The files an item carries: a supplement's with its message, a submission's own; none otherwise. */
export function filesOf(item: ItemRow) {
  if (item.kind === "supplement" && item.messageId) return eq(attachment.messageId, item.messageId);
  if (item.kind === "submission")
    return and(eq(attachment.submissionId, item.submissionId), isNull(attachment.messageId));
  return sql`false`;
}

const personOnItem = async (db: Executor, keyring: Keyring, personId: string): Promise<PersonOnItem | null> => {
  const found = await loadPerson(db, keyring, personId);
  return found ? { personnummer: found.pnr, name: found.name, protectedIdentity: found.protectedIdentity } : null;
};

export async function itemContents<Answers extends boolean>(
  db: Executor,
  keyring: Keyring,
  reader: Actor,
  item: ItemRow,
  wanted: { purpose: "robot_claim" | "manual_handling"; answers: Answers; coParties: boolean },
): Promise<ItemContents<Answers>> {
  const { purpose } = wanted;
  const [row] = await db.select().from(submission).where(eq(submission.id, item.submissionId));
  if (!row) throw new Error("a queue item's submission is missing");

  const view = (
    wanted.answers ? await readSubmission(db, keyring, row, reader, purpose) : null
  ) as ItemContents<Answers>["view"];
  const recorded = row.channel === "e-service" ? null : await assistedPersonOf(db, keyring, row.draftId, reader);

  const sender = row.personId ? await personOnItem(db, keyring, row.personId) : null;
  const coParties: ItemContents["coParties"] = [];
  if (wanted.coParties) {
    const parties = await db
      .select()
      .from(submissionParty)
      .where(
        and(
          eq(submissionParty.submissionId, row.id),
          eq(submissionParty.status, "confirmed"),
          isNotNull(submissionParty.personId),
        ),
      );
    for (const party of parties) {
      const found = await personOnItem(db, keyring, party.personId!);
      if (found) coParties.push({ role: party.role, ...found });
    }
  }
  if (sender || coParties.length)
    await audit(db, {
      actor: reader,
      action: "person_read",
      subject: { kind: "submission", id: row.id },
      details: { purpose, people: (sender ? 1 : 0) + coParties.length },
    });

  let carried: ItemContents["carried"] = null;
  if (item.messageId) {
    const [m] = await db.select().from(message).where(eq(message.id, item.messageId));
    if (m) {
      await audit(db, {
        actor: reader,
        action: "message_read",
        subject: { kind: "message", id: m.id },
        details: { purpose },
      });
      carried = {
        id: m.id,
        body: openText(keyring, m.bodySealed, `message.body:${m.id}`),
        sentAt: m.createdAt.toISOString(),
      };
    }
  }

  const files = await db
    .select()
    .from(attachment)
    .where(filesOf(item))
    .orderBy(asc(attachment.createdAt), asc(attachment.id));

  return {
    row,
    view,
    sender,
    coParties,
    recorded,
    carried,
    files: files.map((f) => ({ ...f, filename: openText(keyring, f.filenameSealed, `attachment.filename:${f.id}`) })),
  };
}
