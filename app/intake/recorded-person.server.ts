import { eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { assistedIntake } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import { openJson, sealJson, type Keyring } from "~/crypto/envelope";

/**
 * The person staff recorded for an assisted or paper submission (app/staff/assisted registers
 * them): sealed in assisted_intake, opened for the robot, for manual handling and for the staff
 * pages, and deleted by the retention job with the submission. Here, below the staff console, so
 * the queue and the engine read it without reaching up.
 */

export const assistedChannels = ["assisted", "paper"] as const;
export type AssistedChannel = (typeof assistedChannels)[number];

/** The person as staff recorded them. Stored sealed; never in a notice, never in the audit log. */
export interface RecordedPerson {
  channel: AssistedChannel;
  recordedBy: string;
  name: string | null;
  /** 12 digits, when the person has a personnummer or samordningsnummer. */
  personnummer: string | null;
  birthDate: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  language: string | null;
  interpreter: boolean | null;
}

const sealedContext = (draftId: string) => `assisted_intake.person:${draftId}`;

/** The recorded person sealed for the assisted_intake row of a draft. */
export const sealRecorded = (
  keyring: Keyring,
  draftId: string,
  recorded: Omit<RecordedPerson, "channel" | "recordedBy">,
) => sealJson(keyring, recorded, sealedContext(draftId));

export type AssistedRow = typeof assistedIntake.$inferSelect;

/** The assisted record of a submission (by the draft it was sent from). */
export async function assistedOfSubmission(db: Executor, draftId: string) {
  const [row] = await db.select().from(assistedIntake).where(eq(assistedIntake.draftId, draftId));
  return row ?? null;
}

/** Opens the recorded person (audited as a read of personal data), or null when none was recorded. */
export async function openRecorded(
  db: Executor,
  keyring: Keyring,
  row: AssistedRow,
  reader: Actor,
  purpose: string,
): Promise<RecordedPerson> {
  const recorded = row.personSealed
    ? openJson<Omit<RecordedPerson, "channel" | "recordedBy">>(keyring, row.personSealed, sealedContext(row.draftId))
    : null;
  if (recorded)
    await audit(db, {
      actor: reader,
      action: "person_read",
      subject: { kind: "draft", id: row.draftId },
      details: { purpose, recorded: true },
    });
  return {
    channel: row.channel,
    recordedBy: row.staffSubject,
    name: recorded?.name ?? null,
    personnummer: recorded?.personnummer ?? null,
    birthDate: recorded?.birthDate ?? null,
    phone: recorded?.phone ?? null,
    email: recorded?.email ?? null,
    address: recorded?.address ?? null,
    language: recorded?.language ?? null,
    interpreter: recorded?.interpreter ?? null,
  };
}

/** The person recorded for an assisted or paper submission, for the robot and for manual handling. */
export async function assistedPersonOf(
  db: Executor,
  keyring: Keyring,
  draftId: string,
  reader: Actor,
): Promise<RecordedPerson | null> {
  const row = await assistedOfSubmission(db, draftId);
  return row
    ? openRecorded(db, keyring, row, reader, reader.kind === "robot" ? "robot_claim" : "manual_handling")
    : null;
}

/**
 * Assisted records whose draft and submission are both gone (deleted by retention, or a draft
 * abandoned): deleted by the retention job. A draft and its submission are written and deleted in
 * one transaction, so a record is never without both while it is in use.
 */
export async function deleteOrphanAssisted(db: Executor): Promise<number> {
  const removed = await db
    .delete(assistedIntake)
    .where(
      sql`not exists (select 1 from draft d where d.id = assisted_intake.draft_id)
          and not exists (select 1 from submission s where s.draft_id = assisted_intake.draft_id)`,
    )
    .returning({ draftId: assistedIntake.draftId });
  return removed.length;
}
