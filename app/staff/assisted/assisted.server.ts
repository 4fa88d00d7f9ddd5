import { and, eq } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { assistedIntake, draft, person } from "#db/schema";
import { audit } from "~/audit/audit.server";
import { pnrLookup } from "~/auth/people.server";
import { parseIdentityNumber } from "~/auth/personnummer";
import { seal, type Keyring } from "~/crypto/envelope";
import type { EServiceDefinition } from "~/intake/definition";
import { createDraft } from "~/intake/drafts.server";
import { staffDraftOwner } from "~/intake/owner.server";
import { sealRecorded, type AssistedChannel, type RecordedPerson } from "~/intake/recorded-person.server";

/**
 * The assisted and paper channels: a staff member registers an application, a report or a
 * booking on behalf of a person without e-ID (a new arrival, someone on the phone, a paper form).
 * They walk the e-service's own steps (the intake engine's routes, with a draft owned by their
 * session), and it is sent through the same submitDraft into the same queue, marked with the
 * channel. The person is whoever staff record: a name, and a personnummer or samordningsnummer
 * when there is one (then the submission is tied to that person, and shows on their Mina sidor
 * should they log in with e-ID later), or a date of birth when there is none.
 */

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
      personSealed: input.person ? sealRecorded(secrets.keyring, draftId, input.person) : null,
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
