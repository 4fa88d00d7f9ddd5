import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvent, personContact, submission } from "#db/schema";
import { seal } from "~/crypto/envelope";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import type { AnswersSoFar } from "~/intake/fields";
import { createLogger } from "~/logger.server";
import { sendNotice } from "~/notify/notices.server";
import type { OutgoingEmail, OutgoingSms } from "~/notify/transports.server";
import { answerPerson } from "~/staff/messages/messages.server";
import { describeEachDatabase } from "../support/databases";
import { ANNA, startStaffHarness, type StaffHarness } from "../support/staff-harness";

/**
 * A resident who has made no notice choice on Mina sidor hears of an answer at the contact they
 * gave in that errand; staff are told exactly that. A choice on Mina sidor (even "none") decides
 * over it, and a protected errand gets nothing.
 */
describeEachDatabase("message notices at the contact given in the errand", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  /** Anna's own report, logged in, with the contact she gave in it. */
  async function reportWith(contact: { phone: string; email?: string }) {
    const answers: AnswersSoFar = {
      vem: { reporter: "privatperson" },
      anonym: { anonymous: "nej" },
      kontakt: contact,
      "om-vem": { about: "vuxen" },
      vuxen: { name: "Test Testsson" },
      omrade: { areas: ["missbruk"] },
      "vuxen-kannedom": { knows: "nej", consent: "nej", childrenAtHome: "nej" },
      oro: { what: "Jag är orolig.", when: "I går", source: "sett" },
      fara: { danger: "nej" },
      akut: {},
      heder: { honour: "nej" },
      kommunen: { ownStaff: "nej" },
      bilagor: {},
    };
    return h.send(orosanmalan, answers, { personId: h.annaId, pnr: ANNA });
  }

  function transports(sms: boolean) {
    const mail: OutgoingEmail[] = [];
    const texts: OutgoingSms[] = [];
    const deps = {
      db: h.database.db,
      keyring: h.config.secrets.keyring,
      transports: {
        email: async (m: OutgoingEmail) => void mail.push(m),
        ...(sms ? { sms: async (m: OutgoingSms) => void texts.push(m) } : {}),
      },
      municipality: "Exempelkommunen",
      myPagesUrl: "https://e.example/mina-sidor",
      logger: createLogger("silent"),
    };
    return { deps, mail, texts };
  }

  const answer = (submissionId: string, smsAvailable: boolean) =>
    answerPerson(
      { db: h.database.db, boss: h.boss, keyring: h.config.secrets.keyring, smsAvailable },
      { kind: "staff", id: "staff:viktor" },
      submissionId,
      "Vi har tagit emot din anmälan.",
    );

  it("sends the notice to the e-mail address given in the errand, and tells staff so", async () => {
    const sent = await reportWith({ phone: "070-123 45 67", email: "anna.errand@example.se" });
    const outcome = await answer(sent.submissionId, true);
    expect(outcome).toMatchObject({ ok: true, notice: { channel: "email", source: "errand" } });

    const run = transports(true);
    const notice = { personId: h.annaId, kind: "message" as const, submissionId: sent.submissionId };
    expect(await sendNotice(run.deps, notice)).toBe("sent");
    expect(run.mail.map((m) => m.to)).toEqual(["anna.errand@example.se"]);
    // Content-free as every notice: no reference, nothing of the report.
    expect(run.mail[0]!.text).not.toContain(sent.reference);
    expect(run.mail[0]!.text).not.toContain("orolig");
    expect(run.texts).toEqual([]);

    // Reading the errand's contact is audited, by the staff member and by the notice worker.
    const reads = await h.database.db
      .select({ actorKind: auditEvent.actorKind, details: auditEvent.details })
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "submission_read"), eq(auditEvent.subjectId, sent.submissionId)));
    expect(reads).toEqual([
      { actorKind: "staff", details: { purpose: "notice_contact" } },
      { actorKind: "system", details: { purpose: "notice_contact" } },
    ]);
  });

  it("texts the phone number given in the errand where the installation sends texts, and nothing where it does not", async () => {
    const sent = await reportWith({ phone: "070-123 45 67" });
    expect(await answer(sent.submissionId, true)).toMatchObject({ notice: { channel: "sms", source: "errand" } });
    const withSms = transports(true);
    const notice = { personId: h.annaId, kind: "message" as const, submissionId: sent.submissionId };
    expect(await sendNotice(withSms.deps, notice)).toBe("sent");
    expect(withSms.texts.map((t) => t.to)).toEqual(["070-123 45 67"]);

    expect(await answer(sent.submissionId, false)).toMatchObject({ ok: true, notice: null });
    expect(await sendNotice(transports(false).deps, notice)).toBe("skipped");

    // Only message notices use the errand's contact: a status change is not sent there.
    expect(await sendNotice(withSms.deps, { ...notice, kind: "status" })).toBe("skipped");
  });

  it("follows the choice made on Mina sidor over the errand's contact, even a choice of none", async () => {
    const sent = await reportWith({ phone: "070-123 45 67", email: "anna.errand@example.se" });
    const notice = { personId: h.annaId, kind: "message" as const, submissionId: sent.submissionId };
    await h.database.db.insert(personContact).values({
      personId: h.annaId,
      notifyBy: "email",
      emailSealed: seal(h.config.secrets.keyring, "anna@example.se", `person_contact.email:${h.annaId}`),
    });
    expect(await answer(sent.submissionId, true)).toMatchObject({ notice: { channel: "email", source: "choice" } });
    const chosen = transports(true);
    await sendNotice(chosen.deps, notice);
    expect(chosen.mail.map((m) => m.to)).toEqual(["anna@example.se"]);

    await h.database.db.update(personContact).set({ notifyBy: "none" }).where(eq(personContact.personId, h.annaId));
    expect(await answer(sent.submissionId, true)).toMatchObject({ ok: true, notice: null });
    const none = transports(true);
    expect(await sendNotice(none.deps, notice)).toBe("skipped");
    expect([...none.mail, ...none.texts]).toEqual([]);
  });

  it("sends nothing to the contact of a protected errand", async () => {
    const sent = await reportWith({ phone: "070-123 45 67", email: "anna.errand@example.se" });
    await h.database.db
      .update(submission)
      .set({ flags: ["protected_identity"] })
      .where(eq(submission.id, sent.submissionId));
    expect(await answer(sent.submissionId, true)).toMatchObject({ ok: true, notice: null });
    const run = transports(true);
    expect(await sendNotice(run.deps, { personId: h.annaId, kind: "message", submissionId: sent.submissionId })).toBe(
      "skipped",
    );
    expect([...run.mail, ...run.texts]).toEqual([]);
  });
});
