import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { auditEvent, submission } from "#db/schema";
import type { Keyring } from "~/crypto/envelope";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import { createDraft, loadDraft } from "~/intake/drafts.server";
import { readSubmission, submitDraft } from "~/intake/submissions.server";
import { createLogger } from "~/logger.server";
import { ensureAcuteAlertQueue, sendAcuteAlert, startAcuteAlertWorker } from "~/notify/acute-alert.server";
import { ensureNoticeQueue } from "~/notify/notices.server";
import type { OutgoingEmail } from "~/notify/transports.server";
import { startBoss } from "~/queue/boss.server";
import { ensureIntakeQueues } from "~/queue/intake-queue.server";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";

const keyring: Keyring = { activeKeyId: "t", keys: new Map([["t", randomBytes(32)]]) };

const child = {
  vem: { reporter: "privatperson" },
  anonym: { anonymous: "ja" },
  "om-vem": { about: "barn" },
  barn: { items: [{ name: "Kim Karlsson", age: 8 }] },
  vardnadshavare: { items: [] },
  syskon: {},
  oro: { what: "Kim säger att det är bråk hemma.", when: "i veckan", source: "berattat" },
  fara: { danger: "nej" },
  "vardnadshavare-vet": { guardiansKnow: "vet-inte" },
  heder: { honour: "nej" },
  kommunen: { ownStaff: "nej" },
  bilagor: {},
};

describeEachDatabase("orosanmälan", (kind) => {
  let database: TestDatabase;
  let boss: PgBoss;
  beforeEach(async () => {
    database = await freshDatabase(kind);
    boss = await startBoss(database, database.url, createLogger("silent"));
    await ensureIntakeQueues(boss, { retryLimit: 2, retryDelaySeconds: 1, leaseSeconds: 60 });
    await ensureNoticeQueue(boss);
    await ensureAcuteAlertQueue(boss);
  });
  afterEach(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.dispose();
  });

  async function send(answers: Record<string, unknown>) {
    const owner = { anonymousTokenHash: randomBytes(32).toString("base64url") };
    const id = await createDraft(database.db, keyring, orosanmalan, owner, answers as never, 1);
    const draft = (await loadDraft(database.db, keyring, id, owner))!;
    return submitDraft(
      { db: database.db, keyring, personLookup: randomBytes(32), boss },
      {
        draft,
        definition: orosanmalan,
        journey: { loggedIn: false, today: new Date() },
        personId: null,
        protectedIdentity: false,
        language: "sv",
        channel: "e-service",
        actor: { kind: "anonymous" },
      },
    );
  }

  const jobs = (name: string) =>
    rowsOf<{ data: Record<string, unknown>; priority: number }>(
      database.db,
      sql`select data, priority from pgboss.job where name = ${name}`,
    );

  it("keeps nothing of an anonymous reporter: no person, no address, no browser, no answers about them", async () => {
    const sent = await send(child);
    const [row] = await database.db.select().from(submission);
    expect(row!.personId).toBeNull();
    const audits = await database.db.select().from(auditEvent);
    expect(audits.length).toBeGreaterThan(0);
    for (const event of audits) {
      expect(event.ip).toBeNull();
      expect(event.userAgent).toBeNull();
      expect(event.actorId).toBeNull();
    }
    const { answers } = await readSubmission(database.db, keyring, row!, { kind: "system" }, "test");
    expect(Object.keys(answers)).not.toContain("dina-uppgifter");
    expect(Object.keys(answers)).not.toContain("kontakt");
    // The draft, which held the browser's token hash, is gone with the submission.
    expect(await rowsOf(database.db, sql`select * from draft`)).toEqual([]);
    expect(sent.reference).toMatch(/^OA-/);
  });

  it("routes children, adults, acute reports and restricted ones to the right queue and priority", async () => {
    await send(child);
    await send({ ...child, "om-vem": { about: "vuxen" }, vuxen: { name: "Sven" }, omrade: { areas: ["missbruk"] } });
    await send({ ...child, heder: { honour: "ja" } });
    await send({ ...child, kommunen: { ownStaff: "ja" } });
    await send({ ...child, fara: { danger: "ja" }, akut: {} });
    expect((await jobs("intake.mottagning-barn-unga")).map((j) => j.priority).sort()).toEqual([0, 100]);
    expect(await jobs("intake.mottagning-vuxna")).toHaveLength(1);
    expect(await jobs("intake.skyddad")).toHaveLength(2);
  });

  it("alerts the reception of an acute report with its reference and queue only", async () => {
    const sent = await send({ ...child, fara: { danger: "ja" }, akut: {} });
    const alerts = await jobs("acute-alert");
    expect(alerts.map((a) => a.data)).toEqual([{ reference: sent.reference, queue: "mottagning-barn-unga" }]);

    const mail: OutgoingEmail[] = [];
    const transports = { email: async (m: OutgoingEmail) => void mail.push(m), sms: async () => {} };
    await sendAcuteAlert(
      { emails: ["jour@kommun.se"] },
      transports,
      new URL("https://e.kommun.se/personal"),
      alerts[0]!.data as never,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain(sent.reference);
    expect(`${mail[0]!.subject} ${mail[0]!.text}`).not.toMatch(/Kim|bråk|Karlsson/);

    // And the worker sends it by itself, retried until the mail server answers.
    let failures = 1;
    const flaky = {
      email: async (m: OutgoingEmail) => {
        if (failures-- > 0) throw new Error("mail server down");
        mail.push(m);
      },
      sms: async () => {},
    };
    await boss
      .updateQueue("acute-alert", { name: "acute-alert", retryLimit: 3, retryDelay: 1, retryBackoff: false })
      .catch(() => {});
    await startAcuteAlertWorker(boss, {
      targets: { emails: ["jour@kommun.se"] },
      transports: flaky,
      staffUrl: new URL("https://e.kommun.se/personal"),
      logger: createLogger("silent"),
    });
    await boss.updateQueue("acute-alert", { name: "acute-alert", retryLimit: 3, retryDelay: 1, retryBackoff: false });
    const deadline = Date.now() + 20_000;
    while (mail.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(mail).toHaveLength(2);
  });
});
