import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { assistedIntake, draft, person } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import { pnrLookup } from "~/auth/people.server";
import { parseIdentityNumber } from "~/auth/personnummer";
import { openJson, seal, sealJson, type Keyring } from "~/crypto/envelope";
import type { EServiceDefinition } from "~/intake/definition";
import { createDraft } from "~/intake/drafts.server";
import { staffDraftOwner } from "~/intake/owner.server";

/**
 * The assisted and paper channels: a staff member registers an application, a report or a
 * booking on behalf of a person without e-ID (a new arrival, someone on the phone, a paper form).
 * They walk the e-service's own steps (the intake engine's routes, with a draft owned by their
 * session), and it is sent through the same submitDraft into the same queue, marked with the
 * channel. The person is whoever staff record: a name, and a personnummer or samordningsnummer
 * when there is one (then the submission is tied to that person, and shows on their Mina sidor
 * should they log in with e-ID later), or a date of birth when there is none.
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

export type PersonField = "name" | "pnr" | "birthDate" | "phone" | "email" | "address" | "language" | "interpreter";
export type PersonProblems = Partial<Record<PersonField, string>>;

const PHONE = /^\+?[\d\s()-]{5,20}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the person form; a personnummer or a date of birth is needed to tell who they are. */
export function readPersonForm(
  form: URLSearchParams,
  today = new Date(),
):
  | { ok: true; person: Omit<RecordedPerson, "channel" | "recordedBy"> }
  | { ok: false; problems: PersonProblems; values: Record<string, string> } {
  const fields: PersonField[] = ["name", "pnr", "birthDate", "phone", "email", "address", "language", "interpreter"];
  const values = Object.fromEntries(fields.map((f) => [f, (form.get(f) ?? "").trim().slice(0, 300)])) as Record<
    PersonField,
    string
  >;
  const problems: PersonProblems = {};
  if (!values.name) problems.name = "required";
  else if (values.name.length > 100) problems.name = "too_long";
  let personnummer: string | null = null;
  let birthDate: string | null = values.birthDate || null;
  if (values.pnr) {
    const parsed = parseIdentityNumber(values.pnr, today);
    if (!parsed.ok) problems.pnr = parsed.error === "checksum" ? "checksum" : "invalid";
    else {
      personnummer = parsed.value.normalized;
      birthDate = parsed.value.birthDate;
    }
  } else if (birthDate) {
    const valid = DATE.test(birthDate) && !Number.isNaN(Date.parse(`${birthDate}T00:00:00Z`));
    if (!valid || new Date(`${birthDate}T00:00:00Z`).toISOString().slice(0, 10) !== birthDate)
      problems.birthDate = "invalid";
    else if (birthDate > today.toISOString().slice(0, 10)) problems.birthDate = "future";
  } else problems.pnr = "identify";
  if (values.phone && !PHONE.test(values.phone)) problems.phone = "invalid";
  if (values.email && !EMAIL.test(values.email)) problems.email = "invalid";
  if (values.address.length > 200) problems.address = "too_long";
  if (values.language.length > 60) problems.language = "too_long";
  if (values.interpreter && !["ja", "nej"].includes(values.interpreter)) problems.interpreter = "invalid";
  if (Object.keys(problems).length) return { ok: false, problems, values };
  return {
    ok: true,
    person: {
      name: values.name,
      personnummer,
      birthDate,
      phone: values.phone || null,
      email: values.email || null,
      address: values.address || null,
      language: values.language || null,
      interpreter: values.interpreter ? values.interpreter === "ja" : null,
    },
  };
}

const sealedContext = (draftId: string) => `assisted_intake.person:${draftId}`;

/**
 * The person row for a recorded number: found by its lookup hash, or created with the number and
 * name sealed. An existing person's name and protection are left as their e-ID last gave them.
 */
async function personFor(db: Executor, secrets: { keyring: Keyring; personLookup: Buffer }, pnr: string, name: string) {
  const lookup = pnrLookup(secrets, pnr);
  const [found] = await db.select({ id: person.id }).from(person).where(eq(person.pnrLookup, lookup));
  if (found) return found.id;
  const id = crypto.randomUUID();
  const [created] = await db
    .insert(person)
    .values({
      id,
      pnrLookup: lookup,
      pnrSealed: seal(secrets.keyring, pnr, `person.pnr:${id}`),
      nameSealed: seal(secrets.keyring, name, `person.name:${id}`),
    })
    .onConflictDoNothing()
    .returning({ id: person.id });
  if (created) return created.id;
  const [again] = await db.select({ id: person.id }).from(person).where(eq(person.pnrLookup, lookup));
  return again!.id;
}

/**
 * A new draft owned by the staff member's session, marked as assisted or paper, with the person
 * as recorded (none for a report, whose reporter the e-service's own steps ask about).
 */
export async function startAssisted(
  db: Executor,
  secrets: { keyring: Keyring; personLookup: Buffer },
  input: {
    definition: EServiceDefinition;
    channel: AssistedChannel;
    staffSubject: string;
    person: Omit<RecordedPerson, "channel" | "recordedBy"> | null;
    draftDays: number;
  },
): Promise<string> {
  return db.transaction(async (tx) => {
    const personId =
      input.person?.personnummer && input.person.name
        ? await personFor(tx, secrets, input.person.personnummer, input.person.name)
        : null;
    const draftId = await createDraft(
      tx,
      secrets.keyring,
      input.definition,
      staffDraftOwner(input.staffSubject),
      {},
      input.draftDays,
    );
    await tx.insert(assistedIntake).values({
      draftId,
      serviceId: input.definition.id,
      channel: input.channel,
      staffSubject: input.staffSubject,
      personId,
      personSealed: input.person ? sealJson(secrets.keyring, input.person, sealedContext(draftId)) : null,
    });
    await audit(tx, {
      actor: { kind: "staff", id: input.staffSubject },
      action: "assisted_draft_started",
      subject: { kind: "draft", id: draftId },
      details: {
        service: input.definition.id,
        channel: input.channel,
        identified: personId !== null,
        recorded: input.person !== null,
      },
    });
    return draftId;
  });
}

export type AssistedRow = typeof assistedIntake.$inferSelect;

/** The assisted record of a draft this staff member started and that is still a draft; null otherwise. */
export async function ownAssistedDraft(db: Executor, draftId: string | undefined, staffSubject: string) {
  if (!draftId || !/^[0-9a-f-]{36}$/.test(draftId)) return null;
  const [row] = await db
    .select({ assisted: assistedIntake })
    .from(assistedIntake)
    .innerJoin(draft, eq(draft.id, assistedIntake.draftId))
    .where(and(eq(assistedIntake.draftId, draftId), eq(assistedIntake.staffSubject, staffSubject)));
  return row?.assisted ?? null;
}

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
