import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { auditEvent, message, personContact, submission, submissionEvent, submissionParty } from "#db/schema";
import { pnrLookup, upsertPerson } from "~/auth/people.server";
import { seal } from "~/crypto/envelope";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import {
  CONFIRMATION_EXPIRY_JOB,
  expireConfirmations,
  scheduleConfirmationExpiry,
} from "~/intake/confirmation-expiry.server";
import { answerConfirmation, CONFIRMATION_DAYS, pendingConfirmations } from "~/intake/submissions.server";
import { createLogger } from "~/logger.server";
import { overviewLoader } from "~/my-pages/overview.server";
import { submissionPageAction, submissionPageLoader } from "~/my-pages/submission.server";
import { sendNotice, type Notice } from "~/notify/notices.server";
import type { OutgoingEmail } from "~/notify/transports.server";
import { describeEachDatabase } from "../support/databases";
import { ANNA, BENGT, fill, household, journeyFor } from "../support/forsorjningsstod-answers";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const DAY = 86_400_000;

describeEachDatabase("a co-applicant's confirmation, its expiry, and the co-applicant's Mina sidor", (kind) => {
  let h: StaffHarness;
  let bengt: string;
  let bengtLookup: string;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
    bengt = await upsertPerson(h.database.db, h.config.secrets, {
      pnr: BENGT,
      name: "Bengt Andersson",
      protectedIdentity: false,
    });
    bengtLookup = pnrLookup(h.config.secrets, BENGT);
  });
  afterEach(() => h?.close());

  /** Anna applies for försörjningsstöd naming Bengt as her co-applicant. */
  async function apply() {
    const today = new Date();
    const answers = await fill(household(today), journeyFor(today));
    const sent = await h.send(forsorjningsstod, answers, { personId: h.annaId, pnr: ANNA });
    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row!.status).toBe("awaiting_confirmation");
    return sent;
  }

  const answer = (reference: string, choice: "confirm" | "decline") =>
    answerConfirmation(
      {
        db: h.database.db,
        keyring: h.config.secrets.keyring,
        personLookup: h.config.secrets.personLookup,
        boss: h.boss,
      },
      { reference, personId: bengt, pnrLookup: bengtLookup, answer: choice },
    );

  const jobs = async (submissionId: string, name: string) =>
    rowsOf<{ data: Notice }>(
      h.database.db,
      sql`select data from pgboss.job where name like ${name} and data->>'submissionId' = ${submissionId}`,
    );

  const rowOf = async (submissionId: string) =>
    (await h.database.db.select().from(submission).where(eq(submission.id, submissionId)))[0]!;

  it("ends an unanswered invitation after CONFIRMATION_DAYS: not sent, the applicant told, audited", async () => {
    const sent = await apply();
    const [party] = await h.database.db.select().from(submissionParty);
    const expiresAt = party!.expiresAt.getTime();
    expect((expiresAt - party!.invitedAt.getTime()) / DAY).toBeCloseTo(CONFIRMATION_DAYS, 3);
    const before = new Date(expiresAt - 60_000);
    const after = new Date(expiresAt + 60_000);

    // Mina sidor shows the invitation while it runs, and no longer once it has run out.
    expect(await pendingConfirmations(h.database.db, bengtLookup, before)).toHaveLength(1);
    expect(await pendingConfirmations(h.database.db, bengtLookup, after)).toEqual([]);

    // The job leaves it alone until then.
    expect(await expireConfirmations({ db: h.database.db, boss: h.boss }, before)).toBe(0);
    expect((await rowOf(sent.submissionId)).status).toBe("awaiting_confirmation");

    expect(await expireConfirmations({ db: h.database.db, boss: h.boss }, after)).toBe(1);
    const ended = await rowOf(sent.submissionId);
    // As when a co-party declines: status declined, never arrived, nothing for the robot.
    expect(ended).toMatchObject({ status: "declined", submittedAt: null });
    expect((ended.retainUntil!.getTime() - after.getTime()) / DAY).toBeCloseTo(30, 3);
    expect((await h.database.db.select().from(submissionParty))[0]!.status).toBe("expired");
    expect(await jobs(sent.submissionId, "intake.%")).toEqual([]);
    const events = await h.database.db
      .select()
      .from(submissionEvent)
      .where(
        and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.kind, "confirmation_expired")),
      );
    expect(events).toMatchObject([{ visibleToPerson: true, at: after }]);
    const [audited] = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "co_party_expired"));
    expect(audited).toMatchObject({
      actorKind: "system",
      subjectKind: "submission",
      subjectId: sent.submissionId,
      details: { parties: 1 },
    });

    // Anna is told, without content: the notice names neither the service nor the reference.
    const notices = (await jobs(sent.submissionId, "notice")).map((j) => j.data);
    expect(notices).toContainEqual({ personId: h.annaId, kind: "declined", submissionId: sent.submissionId });
    const { keyring } = h.config.secrets;
    await h.database.db.insert(personContact).values({
      personId: h.annaId,
      emailSealed: seal(keyring, "anna@example.se", `person_contact.email:${h.annaId}`),
      notifyBy: "email",
    });
    const mail: OutgoingEmail[] = [];
    const deps = {
      db: h.database.db,
      keyring,
      transports: { email: async (m: OutgoingEmail) => void mail.push(m), sms: async () => {} },
      municipality: "Exempelkommunen",
      myPagesUrl: "https://example.se/mina-sidor",
      logger: createLogger("silent"),
    };
    expect(await sendNotice(deps, { personId: h.annaId, kind: "declined", submissionId: sent.submissionId })).toBe(
      "sent",
    );
    expect(mail[0]!.text).toContain("https://example.se/mina-sidor");
    expect(mail[0]!.text).not.toContain(sent.reference);
    expect(mail[0]!.text.toLowerCase()).not.toContain("försörjningsstöd");

    // Run again, or answered late: nothing more happens.
    expect(await expireConfirmations({ db: h.database.db, boss: h.boss }, after)).toBe(0);
    expect(await answer(sent.reference, "confirm")).toBe("not_pending");
    expect(await jobs(sent.submissionId, "intake.%")).toEqual([]);

    // Anna's Mina sidor shows it as not sent; Bengt has nothing to confirm and nothing listed.
    const anna = await overviewLoader(h.get("/mina-sidor"), h.resident(h.annaId, ANNA));
    expect(anna.submissions).toMatchObject([{ reference: sent.reference, status: "declined", as: "sender" }]);
    const his = await overviewLoader(h.get("/mina-sidor"), h.resident(bengt, BENGT));
    expect(his).toMatchObject({ confirmations: [], submissions: [] });
  });

  it("ends it the same way when the co-applicant answers after the time ran out, before the job did", async () => {
    const sent = await apply();
    await h.database.db.update(submissionParty).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await answer(sent.reference, "confirm")).toBe("expired");
    expect(await rowOf(sent.submissionId)).toMatchObject({ status: "declined", submittedAt: null });
    expect((await jobs(sent.submissionId, "notice")).map((j) => j.data.kind)).toContain("declined");
    expect(await jobs(sent.submissionId, "intake.%")).toEqual([]);
    expect(await expireConfirmations({ db: h.database.db, boss: h.boss })).toBe(0);
  });

  it("is scheduled on pg-boss like the retention job", async () => {
    await scheduleConfirmationExpiry(h.boss, h.database.db, createLogger("silent"));
    expect((await h.boss.getSchedules()).map((s) => s.name)).toContain(CONFIRMATION_EXPIRY_JOB);
  });

  it("lists what Bengt confirmed or declined on his Mina sidor, and lets him read it but not change it", async () => {
    const confirmed = await apply();
    const declined = await apply();
    const waiting = await apply();
    expect(await answer(confirmed.reference, "confirm")).toBe("sent");
    expect(await answer(declined.reference, "decline")).toBe("declined");

    const his = await overviewLoader(h.get("/mina-sidor"), h.resident(bengt, BENGT));
    expect(his.confirmations.map((c) => c.reference)).toEqual([waiting.reference]);
    expect(his.submissions.map((s) => [s.reference, s.status, s.as]).sort()).toEqual(
      [
        [confirmed.reference, "received", "co-party"],
        [declined.reference, "declined", "co-party"],
      ].sort(),
    );
    const anna = await overviewLoader(h.get("/mina-sidor"), h.resident(h.annaId, ANNA));
    expect(anna.submissions.map((s) => s.as)).toEqual(["sender", "sender", "sender"]);
    // Someone else sees none of it.
    const hanna = await upsertPerson(h.database.db, h.config.secrets, {
      pnr: "199002159847",
      name: "Hanna",
      protectedIdentity: false,
    });
    expect((await overviewLoader(h.get("/mina-sidor"), h.resident(hanna, "199002159847"))).submissions).toEqual([]);

    // A message from the social services to Anna.
    const { keyring } = h.config.secrets;
    const messageId = crypto.randomUUID();
    await h.database.db.insert(message).values({
      id: messageId,
      submissionId: confirmed.submissionId,
      direction: "to_person",
      authorKind: "staff",
      authorId: "staff:sara",
      bodySealed: seal(keyring, "Vi behöver ett kontoutdrag.", `message.body:${messageId}`),
    });

    // Bengt opens it: read-only, his read audited, and Anna's unread message left unread.
    const url = `/mina-sidor/arenden/${confirmed.reference}`;
    const page = await submissionPageLoader(h.get(url), h.resident(bengt, BENGT), confirmed.reference);
    expect(page).toMatchObject({ as: "co-party", status: "received", canWrite: false, canWithdraw: false });
    // The application, not Anna's messages with the social services.
    expect(page.messages).toEqual([]);
    const reads = await h.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "submission_read"), eq(auditEvent.actorId, bengt)));
    expect(reads).toMatchObject([
      { actorKind: "person", subjectId: confirmed.submissionId, details: { purpose: "my_pages" } },
    ]);
    const unread = async () => (await h.database.db.select().from(message).where(eq(message.id, messageId)))[0]!.readAt;
    expect(await unread()).toBeNull();

    // He can neither withdraw it nor write in it.
    for (const form of [{ intent: "withdraw" }, { message: "Hej" }] as Record<string, string>[]) {
      const response = await thrown(
        submissionPageAction(h.post(url, form), h.resident(bengt, BENGT), confirmed.reference),
      );
      expect(response.status).toBe(403);
    }
    expect((await rowOf(confirmed.submissionId)).status).toBe("received");
    expect(await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "submission_withdrawn"))).toEqual(
      [],
    );

    // What he has not yet answered opens on its invitation page only.
    const pending = await thrown(
      submissionPageLoader(
        h.get(`/mina-sidor/arenden/${waiting.reference}`),
        h.resident(bengt, BENGT),
        waiting.reference,
      ),
    );
    expect(pending.status).toBe(404);

    // Anna opening it reads the message.
    await submissionPageLoader(h.get(url), h.resident(h.annaId, ANNA), confirmed.reference);
    expect(await unread()).not.toBeNull();
  });
});
