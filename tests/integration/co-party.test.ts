import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import {
  attachment,
  auditEvent,
  message,
  robotItem,
  robotItemEvent,
  submission,
  submissionEvent,
  submissionParty,
} from "#db/schema";
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
import { confirmationLoader } from "~/my-pages/confirmation.server";
import { downloadOwnFile, submissionPageAction, submissionPageLoader } from "~/my-pages/submission.server";
import type { Notice } from "~/notify/notices.server";
import { describeEachDatabase } from "../support/databases";
import { ANNA, BENGT, fill, household, journeyFor, type Filled } from "../support/forsorjningsstod-answers";
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

  /** Anna applies for försörjningsstöd naming Bengt as her co-applicant: it arrives at once. */
  async function apply(overrides: Filled = {}) {
    const today = new Date();
    const answers = await fill(household(today, overrides), journeyFor(today));
    const sent = await h.send(forsorjningsstod, answers, { personId: h.annaId, pnr: ANNA });
    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row).toMatchObject({ status: "received" });
    return sent;
  }

  /** What the robot reads in the history of the submission's queue item. */
  const robotEvents = async (submissionId: string) =>
    (
      await h.database.db
        .select({ kind: robotItemEvent.kind, details: robotItemEvent.details, tokenId: robotItemEvent.tokenId })
        .from(robotItemEvent)
        .innerJoin(robotItem, eq(robotItem.id, robotItemEvent.itemId))
        .where(eq(robotItem.submissionId, submissionId))
        .orderBy(robotItemEvent.id)
    ).filter((e) => e.kind.startsWith("co_party_"));

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

  it("records an unanswered invitation as silence after CONFIRMATION_DAYS: still sent, the robot told, audited", async () => {
    const sent = await apply();
    const [party] = await h.database.db.select().from(submissionParty);
    const expiresAt = party!.expiresAt.getTime();
    expect((expiresAt - party!.invitedAt.getTime()) / DAY).toBeCloseTo(CONFIRMATION_DAYS, 3);
    const before = new Date(expiresAt - 60_000);
    const after = new Date(expiresAt + 60_000);
    // In the queue from the start, with the invitation in its history.
    expect(await jobs(sent.submissionId, "intake.%")).toHaveLength(1);
    expect(await robotEvents(sent.submissionId)).toEqual([
      { kind: "co_party_invited", details: { role: "medsokande" }, tokenId: null },
    ]);

    // Mina sidor shows the invitation while it runs, and no longer once it has run out.
    expect(await pendingConfirmations(h.database.db, bengtLookup, before)).toHaveLength(1);
    expect(await pendingConfirmations(h.database.db, bengtLookup, after)).toEqual([]);

    // The job leaves it alone until then.
    expect(await expireConfirmations({ db: h.database.db, boss: h.boss }, before)).toBe(0);
    expect((await h.database.db.select().from(submissionParty))[0]!.status).toBe("invited");

    expect(await expireConfirmations({ db: h.database.db, boss: h.boss }, after)).toBe(1);
    // The application stays as it was: sent, in the queue, nothing for Anna to do.
    expect(await rowOf(sent.submissionId)).toMatchObject({ status: "received", retainUntil: null });
    expect((await h.database.db.select().from(submissionParty))[0]!.status).toBe("expired");
    expect(await jobs(sent.submissionId, "intake.%")).toHaveLength(1);
    expect((await robotEvents(sent.submissionId)).map((e) => e.kind)).toEqual(["co_party_invited", "co_party_expired"]);
    const events = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.kind, "co_party_expired")));
    expect(events).toMatchObject([{ visibleToPerson: true, at: after }]);
    const [audited] = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "co_party_expired"));
    expect(audited).toMatchObject({
      actorKind: "system",
      subjectKind: "submission",
      subjectId: sent.submissionId,
      details: { parties: 1 },
    });
    // No "not sent" notice to Anna: nothing was held back.
    expect((await jobs(sent.submissionId, "notice")).map((j) => j.data.kind)).not.toContain("declined");

    // Run again, or answered late: nothing more happens.
    expect(await expireConfirmations({ db: h.database.db, boss: h.boss }, after)).toBe(0);
    expect(await answer(sent.reference, "confirm")).toBe("not_pending");
    expect(await robotEvents(sent.submissionId)).toHaveLength(2);

    // Anna's Mina sidor shows it received; Bengt has nothing to confirm and nothing listed.
    const anna = await overviewLoader(h.get("/mina-sidor"), h.resident(h.annaId, ANNA));
    expect(anna.submissions).toMatchObject([{ reference: sent.reference, status: "received", as: "sender" }]);
    const his = await overviewLoader(h.get("/mina-sidor"), h.resident(bengt, BENGT));
    expect(his).toMatchObject({ confirmations: [], submissions: [] });
  });

  it("records the silence the same way when the co-applicant answers after the time ran out, before the job did", async () => {
    const sent = await apply();
    await h.database.db.update(submissionParty).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await answer(sent.reference, "confirm")).toBe("expired");
    expect(await rowOf(sent.submissionId)).toMatchObject({ status: "received" });
    expect((await h.database.db.select().from(submissionParty))[0]!.status).toBe("expired");
    expect((await robotEvents(sent.submissionId)).map((e) => e.kind)).toEqual(["co_party_invited", "co_party_expired"]);
    expect(await expireConfirmations({ db: h.database.db, boss: h.boss })).toBe(0);
  });

  it("sends one left waiting by the old path when the job runs", async () => {
    const sent = await apply();
    // As before co-applicants stopped holding applications back: waiting, never queued.
    await h.database.db.delete(robotItem).where(eq(robotItem.submissionId, sent.submissionId));
    await h.database.db.execute(sql`delete from pgboss.job where data->>'submissionId' = ${sent.submissionId}`);
    await h.database.db
      .update(submission)
      .set({ status: "awaiting_confirmation", submittedAt: null })
      .where(eq(submission.id, sent.submissionId));
    await expireConfirmations({ db: h.database.db, boss: h.boss });
    expect((await rowOf(sent.submissionId)).status).toBe("received");
    expect((await rowOf(sent.submissionId)).submittedAt).not.toBeNull();
    expect(await jobs(sent.submissionId, "intake.%")).toHaveLength(1);
    // Bengt may still answer; his answer goes to the new item.
    expect(await answer(sent.reference, "confirm")).toBe("confirmed");
    expect((await robotEvents(sent.submissionId)).map((e) => e.kind)).toEqual(["co_party_confirmed"]);
  });

  it("shows Bengt the household's facts, not Anna's own words or files, on the invitation and afterwards", async () => {
    const sent = await apply({
      arbete: { applicantRegistered: "nej", coApplicantRegistered: "nej" },
      "arbete-sokande": { reason: "sjuk", more: "Jag mår dåligt hemma." },
      ovrigt: { other: "Bengt tar mina pengar." },
    });
    const { keyring } = h.config.secrets;
    const fileId = crypto.randomUUID();
    await h.database.db.insert(attachment).values({
      id: fileId,
      personId: h.annaId,
      submissionId: sent.submissionId,
      ruleId: "kontoutdrag",
      filenameSealed: seal(keyring, "kontoutdrag-anna.pdf", `attachment.filename:${fileId}`),
      contentType: "application/pdf",
      sizeBytes: 2048,
      sha256: "0".repeat(64),
      storageKey: `test/${fileId}`,
      keyId: "t",
      wrappedKey: "x",
      noncePrefix: "x",
    });
    const url = `/bekrafta/${sent.reference}`;
    const invitation = await confirmationLoader(h.get(url), h.resident(bengt, BENGT), sent.reference);
    expect(invitation.pending).toBe(true);
    const steps = (page: { sections: { stepId: string }[] }) => page.sections.map((s) => s.stepId);
    expect(steps(invitation)).toContain("inkomster");
    expect(steps(invitation)).toContain("arbete-medsokande");
    expect(steps(invitation)).not.toContain("ovrigt");
    expect(steps(invitation)).not.toContain("arbete-sokande");
    expect(JSON.stringify(invitation)).not.toContain("Bengt tar mina pengar");
    expect(JSON.stringify(invitation)).not.toContain("Jag mår dåligt hemma");
    expect(JSON.stringify(invitation)).not.toContain("kontoutdrag-anna");

    expect(await answer(sent.reference, "confirm")).toBe("confirmed");
    const page = await submissionPageLoader(
      h.get(`/mina-sidor/arenden/${sent.reference}`),
      h.resident(bengt, BENGT),
      sent.reference,
    );
    expect(page.files).toEqual([]);
    expect(steps(page)).not.toContain("ovrigt");
    expect(JSON.stringify(page)).not.toContain("Bengt tar mina pengar");
    // Not by asking for the file by its id either.
    const download = await thrown(
      downloadOwnFile(
        h.get(`/mina-sidor/arenden/${sent.reference}/filer/${fileId}`),
        h.resident(bengt, BENGT),
        sent.reference,
        fileId,
      ),
    );
    expect(download.status).toBe(404);

    // Anna sees all of it.
    const hers = await submissionPageLoader(
      h.get(`/mina-sidor/arenden/${sent.reference}`),
      h.resident(h.annaId, ANNA),
      sent.reference,
    );
    expect(steps(hers)).toContain("ovrigt");
    expect(hers.files.map((f) => f.filename)).toEqual(["kontoutdrag-anna.pdf"]);
  });

  it("is scheduled on pg-boss like the retention job", async () => {
    await scheduleConfirmationExpiry(h.boss, h.database.db, createLogger("silent"));
    expect((await h.boss.getSchedules()).map((s) => s.name)).toContain(CONFIRMATION_EXPIRY_JOB);
  });

  it("lists what Bengt confirmed or declined on his Mina sidor, and lets him read it but not change it", async () => {
    const confirmed = await apply();
    const declined = await apply();
    const waiting = await apply();
    expect(await answer(confirmed.reference, "confirm")).toBe("confirmed");
    expect(await answer(declined.reference, "decline")).toBe("declined");

    const his = await overviewLoader(h.get("/mina-sidor"), h.resident(bengt, BENGT));
    expect(his.confirmations.map((c) => c.reference)).toEqual([waiting.reference]);
    expect(his.submissions.map((s) => [s.reference, s.status, s.as]).sort()).toEqual(
      [
        [confirmed.reference, "received", "co-party"],
        [declined.reference, "received", "co-party"],
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
