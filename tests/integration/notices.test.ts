import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { devOutbox, personContact } from "#db/schema";
import { upsertPerson } from "~/auth/people.server";
import { seal, type Keyring } from "~/crypto/envelope";
import { createLogger } from "~/logger.server";
import { sendNotice } from "~/notify/notices.server";
import { createTransports, type OutgoingEmail, type OutgoingSms } from "~/notify/transports.server";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";

const keyring: Keyring = { activeKeyId: "t", keys: new Map([["t", randomBytes(32)]]) };
const personLookup = randomBytes(32);

describeEachDatabase("notices", (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await freshDatabase(kind);
  });
  afterEach(() => database.dispose());

  async function personWith(
    contact: { notifyBy: "email" | "sms"; email?: string; phone?: string },
    protectedIdentity = false,
  ) {
    const id = await upsertPerson(
      database.db,
      { keyring, personLookup },
      { pnr: protectedIdentity ? "191212121212" : "198112189876", name: "Test Person", protectedIdentity },
    );
    await database.db.insert(personContact).values({
      personId: id,
      notifyBy: contact.notifyBy,
      emailSealed: contact.email ? seal(keyring, contact.email, `person_contact.email:${id}`) : null,
      phoneSealed: contact.phone ? seal(keyring, contact.phone, `person_contact.phone:${id}`) : null,
      language: "sv",
    });
    return id;
  }

  function deps(sms: boolean) {
    const mail: OutgoingEmail[] = [];
    const texts: OutgoingSms[] = [];
    const transports = {
      email: async (m: OutgoingEmail) => void mail.push(m),
      ...(sms ? { sms: async (m: OutgoingSms) => void texts.push(m) } : {}),
    };
    const d = {
      db: database.db,
      keyring,
      transports,
      municipality: "Exempelkommunen",
      myPagesUrl: "https://e.example/mina-sidor",
      logger: createLogger("silent"),
    };
    return { d, mail, texts };
  }

  it("sends a text message where the installation sends them, and e-mail instead where it does not", async () => {
    const id = await personWith({ notifyBy: "sms", phone: "0701234567", email: "p@example.se" });
    const withSms = deps(true);
    expect(await sendNotice(withSms.d, { personId: id, kind: "message" })).toBe("sent");
    expect(withSms.texts).toEqual([
      { to: "0701234567", text: expect.stringContaining("https://e.example/mina-sidor") },
    ]);

    const without = deps(false);
    expect(await sendNotice(without.d, { personId: id, kind: "message" })).toBe("sent");
    expect(without.texts).toEqual([]);
    expect(without.mail.map((m) => m.to)).toEqual(["p@example.se"]);
  });

  it("sends nothing to a person with only a phone number where there are no text messages, nor to a protected person", async () => {
    const phoneOnly = await personWith({ notifyBy: "sms", phone: "0701234567" });
    expect(await sendNotice(deps(false).d, { personId: phoneOnly, kind: "message" })).toBe("skipped");
    const shielded = await personWith({ notifyBy: "email", email: "q@example.se" }, true);
    const run = deps(true);
    expect(await sendNotice(run.d, { personId: shielded, kind: "message" })).toBe("skipped");
    expect(run.mail).toEqual([]);
  });

  it("keeps text messages in the development outbox only where the installation allows it", async () => {
    const config = { mailFrom: "no-reply@e.example", sms: true };
    await createTransports(config, database.db).sms!({ to: "0701234567", text: "Hej" });
    expect(await database.db.select().from(devOutbox)).toMatchObject([{ channel: "sms", recipient: "0701234567" }]);
    expect(createTransports({ ...config, sms: false }, database.db).sms).toBeUndefined();
  });
});
