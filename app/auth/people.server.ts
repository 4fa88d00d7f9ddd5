import { eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { person } from "#db/schema";
import { openText, seal, type Keyring } from "../crypto/envelope";
import { lookupHash } from "../crypto/lookup-hash";

export interface PersonSecrets {
  keyring: Keyring;
  personLookup: Buffer;
}

export interface Person {
  id: string;
  /** 12 digits; shown in full only to the person it belongs to. */
  pnr: string;
  name: string | null;
  protectedIdentity: boolean;
}

export const pnrLookup = (secrets: Pick<PersonSecrets, "personLookup">, pnr: string) =>
  lookupHash(secrets.personLookup, "pnr", pnr);

/** Finds or creates the person with this personnummer, refreshing name and protection from the e-ID. */
export async function upsertPerson(
  db: Executor,
  secrets: PersonSecrets,
  identity: { pnr: string; name: string | null; protectedIdentity: boolean },
): Promise<string> {
  const lookup = pnrLookup(secrets, identity.pnr);
  const sealName = (id: string) => (identity.name ? seal(secrets.keyring, identity.name, `person.name:${id}`) : null);
  let [row] = await db.select({ id: person.id }).from(person).where(eq(person.pnrLookup, lookup));
  if (!row) {
    const id = crypto.randomUUID();
    [row] = await db
      .insert(person)
      .values({
        id,
        pnrLookup: lookup,
        pnrSealed: seal(secrets.keyring, identity.pnr, `person.pnr:${id}`),
        nameSealed: sealName(id),
        protectedIdentity: identity.protectedIdentity,
      })
      .onConflictDoNothing()
      .returning({ id: person.id });
    if (row) return row.id;
    // Another login of the same person created the row first.
    [row] = await db.select({ id: person.id }).from(person).where(eq(person.pnrLookup, lookup));
  }
  await db
    .update(person)
    .set({
      nameSealed: sealName(row!.id),
      // Once stated, protection is lifted only by the social services, never by a login.
      protectedIdentity: sql`${person.protectedIdentity} or ${identity.protectedIdentity}`,
      lastLoginAt: sql`now()`,
    })
    .where(eq(person.id, row!.id));
  return row!.id;
}

export async function loadPerson(db: Executor, keyring: Keyring, id: string): Promise<Person | null> {
  const [row] = await db.select().from(person).where(eq(person.id, id));
  if (!row) return null;
  return {
    id: row.id,
    pnr: openText(keyring, row.pnrSealed, `person.pnr:${row.id}`),
    name: row.nameSealed ? openText(keyring, row.nameSealed, `person.name:${row.id}`) : null,
    protectedIdentity: row.protectedIdentity,
  };
}

/** The person says they have protected personal data: from now on notices stop and no address is shown. */
export async function stateProtectedIdentity(db: Executor, personId: string): Promise<void> {
  await db.update(person).set({ protectedIdentity: true }).where(eq(person.id, personId));
}
