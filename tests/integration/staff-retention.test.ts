import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  assistedIntake,
  auditEvent,
  draft,
  retentionSetting,
  robotItem,
  submission,
  submissionEvent,
} from "#db/schema";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import { expireConfirmations } from "~/intake/confirmation-expiry.server";
import { createDraft } from "~/intake/drafts.server";
import { staffDraftOwner } from "~/intake/owner.server";
import { runRetention } from "~/intake/retention.server";
import { submissionPageAction } from "~/my-pages/submission.server";
import * as retention from "~/routes/personal._konsol.gallring";
import { startAssisted } from "~/staff/assisted/assisted.server";
import { retentionLog, retentionRules, saveRetention } from "~/retention/settings.server";
import { describeEachDatabase } from "../support/databases";
import { ANNA, fill, household, journeyFor } from "../support/forsorjningsstod-answers";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

type PageData = Awaited<ReturnType<typeof retention.loader>>;
const dataOf = (value: unknown) => ((value as { data?: PageData }).data ?? value) as PageData;
const statusOf = (value: unknown) =>
  value instanceof Response ? value.status : ((value as { init?: { status?: number } }).init?.status ?? 200);

describeEachDatabase("retention settings and the deletion job", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  const save = (form: Record<string, string>, who = "alva") =>
    retention.action({
      request: h.post("/personal/gallring", { intent: "save", ...form }),
      context: h.staff(who),
      params: {},
    } as never);

  it("shows the shipped defaults, and refuses a period below the minimum with the reason", async () => {
    const page = (await retention.loader({
      request: h.get("/personal/gallring"),
      context: h.staff("alva"),
      params: {},
    } as never)) as PageData;
    expect(page.rules.map((r) => [r.serviceId, r.afterRegistrationDays, r.draftDays, r.source])).toEqual([
      ["orosanmalan", 30, 30, "default"],
      ["forsorjningsstod", 30, 30, "default"],
      ["samarbetssamtal", 30, 30, "default"],
    ]);

    const refused = await save({ service: "forsorjningsstod", afterRegistrationDays: "3", draftDays: "5" });
    expect(statusOf(refused)).toBe(400);
    expect(dataOf(refused).refused).toEqual({
      serviceId: "forsorjningsstod",
      problems: {
        afterRegistrationDays: { code: "below_minimum", min: 7, max: 90, reason: "afterRegistration" },
        draftDays: { code: "below_minimum", min: 7, max: 90, reason: "draftDocuments" },
      },
      values: { afterRegistrationDays: "3", draftDays: "5" },
    });
    expect(await h.database.db.select().from(retentionSetting)).toEqual([]);
    const [audited] = await h.database.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "retention_setting_refused"));
    expect(audited).toMatchObject({
      actorId: "staff:alva",
      subjectId: "forsorjningsstod",
      details: { afterRegistrationDays: "below_minimum", draftDays: "below_minimum" },
    });

    // Above the maximum, or not a number, is refused too.
    const odd = await save({ service: "orosanmalan", afterRegistrationDays: "1000", draftDays: "tre" });
    expect(dataOf(odd).refused!.problems).toMatchObject({
      afterRegistrationDays: { code: "above_maximum" },
      draftDays: { code: "not_a_number" },
    });
    // An e-service that does not exist is a 404; a caseworker may not change retention.
    expect((await thrown(save({ service: "nope", afterRegistrationDays: "10", draftDays: "10" }))).status).toBe(404);
    expect(
      (await thrown(save({ service: "orosanmalan", afterRegistrationDays: "10", draftDays: "10" }, "sara"))).status,
    ).toBe(403);
  });

  it("stores a setting, applies it to drafts and registered submissions, and the job deletes by it and logs the rule", async () => {
    const { db } = h.database;
    const { keyring } = h.config.secrets;
    // A report registered 12 days ago (kept 30 days by default), and a draft last saved 9 days ago.
    const sent = await h.report({ identified: true });
    await db
      .update(submission)
      .set({
        status: "registered",
        registeredAt: sql`now() - interval '12 days'`,
        retainUntil: sql`now() + interval '18 days'`,
        caseNumber: "X-1",
      })
      .where(eq(submission.id, sent.submissionId));
    const oldDraft = await createDraft(db, keyring, orosanmalan, { personId: h.annaId }, {}, 30);
    await db
      .update(draft)
      .set({ updatedAt: sql`now() - interval '9 days'` })
      .where(eq(draft.id, oldDraft));
    // And an assisted draft abandoned long ago.
    const assistedDraft = await startAssisted(db, h.config.secrets, {
      definition: orosanmalan,
      channel: "paper",
      staffSubject: "staff:sara",
      person: null,
      draftDays: 30,
    });
    await db
      .update(draft)
      .set({ updatedAt: sql`now() - interval '40 days'`, expiresAt: sql`now() - interval '10 days'` })
      .where(eq(draft.id, assistedDraft));

    // Nothing is due under the defaults.
    const first = await runRetention(db, h.files);
    expect(first).toMatchObject({ submissions: 0, drafts: 1, assisted: 1 });
    expect(await db.select().from(assistedIntake)).toEqual([]);

    const saved = await save({ service: "orosanmalan", afterRegistrationDays: "10", draftDays: "7" });
    expect(statusOf(saved)).toBe(303);
    expect((saved as Response).headers.get("location")).toBe("/personal/gallring?sparat=orosanmalan");
    const rules = await retentionRules(db, 30);
    expect(rules.find((r) => r.serviceId === "orosanmalan")).toMatchObject({
      afterRegistrationDays: 10,
      draftDays: 7,
      source: "setting",
      updatedBy: "staff:alva",
    });
    const [changed] = await db.select().from(auditEvent).where(eq(auditEvent.action, "retention_setting_changed"));
    expect(changed!.details).toEqual({
      afterRegistrationDays: 10,
      draftDays: 7,
      previousAfterRegistrationDays: 30,
      previousDraftDays: 30,
    });
    // Applied at once: the submission is now due (registered 12 days ago, kept 10), the draft too.
    const [row] = await db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect((row!.retainUntil!.getTime() - row!.registeredAt!.getTime()) / 86_400_000).toBeCloseTo(10, 3);

    const second = await runRetention(db, h.files);
    expect(second).toMatchObject({ submissions: 1, drafts: 1 });
    expect(await db.select().from(submission).where(eq(submission.id, sent.submissionId))).toEqual([]);
    expect(await db.select().from(draft).where(eq(draft.id, oldDraft))).toEqual([]);

    // The job's log: what was deleted, when, under which rule; never content.
    const log = await retentionLog(db);
    const deleted = log.find((e) => e.action === "submission_deleted")!;
    expect(deleted).toMatchObject({
      subjectKind: "submission",
      subjectId: sent.submissionId,
      details: { service: "orosanmalan", rule: "retention_after_registration", days: 10, files: 0 },
    });
    expect(log.find((e) => e.action === "draft_deleted" && e.subjectId === oldDraft)!.details).toMatchObject({
      service: "orosanmalan",
      rule: "draft_retention",
    });
    const run = log.find((e) => e.action === "retention_run")!;
    expect(run.details).toMatchObject({ submissions: 1, drafts: 1 });
    expect(run.details.rules).toBe("orosanmalan 10/7; forsorjningsstod 30/–; samarbetssamtal 30/–");
    expect(JSON.stringify(log)).not.toContain("orolig");

    const page = (await retention.loader({
      request: h.get("/personal/gallring"),
      context: h.staff("alva"),
      params: {},
    } as never)) as PageData;
    expect(page.log.map((e) => e.action)).toEqual(
      expect.arrayContaining(["retention_run", "submission_deleted", "draft_deleted"]),
    );
  });

  it("keeps a new draft for the set period, and the robot's completion uses the setting", async () => {
    const { db } = h.database;
    expect(
      (
        await saveRetention(
          db,
          { kind: "staff", id: "staff:alva" },
          "orosanmalan",
          { afterRegistrationDays: "21", draftDays: "45" },
          30,
        )
      ).ok,
    ).toBe(true);
    // A draft saved now with the portal's 30 days is moved to 45 by the next run.
    const id = await createDraft(db, h.config.secrets.keyring, orosanmalan, staffDraftOwner("staff:sara"), {}, 30);
    await runRetention(db, h.files);
    const [row] = await db.select().from(draft).where(eq(draft.id, id));
    expect((row!.expiresAt.getTime() - row!.updatedAt.getTime()) / 86_400_000).toBeCloseTo(45, 3);

    const sent = await h.report();
    const robot = await h.robot(["mottagning-vuxna"]);
    await robot.claim("mottagning-vuxna");
    const { completeItem } = await import("~/queue/robot-items.server");
    const [lease] = await db
      .execute(sql`select lease_id from robot_item where id = ${sent.itemId}`)
      .then((r) =>
        "rows" in (r as object)
          ? (r as unknown as { rows: { lease_id: string }[] }).rows
          : (r as unknown as { lease_id: string }[]),
      );
    await completeItem(
      h.queue,
      { tokenId: robot.tokenId, name: "Testrobot", queues: ["mottagning-vuxna"] },
      sent.itemId!,
      {
        leaseId: lease!.lease_id,
        caseNumber: "IFO-7",
        caseSystem: "Treserva",
      },
    );
    const [registered] = await db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect((registered!.retainUntil!.getTime() - registered!.registeredAt!.getTime()) / 86_400_000).toBeCloseTo(21, 3);
  });

  it("deletes a submission made before co-applicants stopped holding them back that ended unsent, the set period after its end", async () => {
    const { db } = h.database;
    expect(
      (
        await saveRetention(
          db,
          { kind: "staff", id: "staff:alva" },
          "forsorjningsstod",
          { afterRegistrationDays: "10", draftDays: "30" },
          30,
        )
      ).ok,
    ).toBe(true);
    const today = new Date();
    const answers = await fill(household(today), journeyFor(today));
    const apply = () => h.send(forsorjningsstod, answers, { personId: h.annaId, pnr: ANNA });
    const [declined, withdrawn, waiting] = [await apply(), await apply(), await apply()];

    // As the old path left them: waiting for the co-applicant, never queued; one ended by a refusal.
    for (const sent of [declined, withdrawn, waiting]) {
      await db.delete(robotItem).where(eq(robotItem.submissionId, sent.submissionId));
      await db.execute(sql`delete from pgboss.job where data->>'submissionId' = ${sent.submissionId}`);
      await db
        .update(submission)
        .set({ status: "awaiting_confirmation", submittedAt: null })
        .where(eq(submission.id, sent.submissionId));
    }
    await db
      .update(submission)
      .set({ status: "declined", retainUntil: new Date(Date.now() + 10 * 86_400_000) })
      .where(eq(submission.id, declined.submissionId));
    await db
      .insert(submissionEvent)
      .values({ submissionId: declined.submissionId, kind: "declined", visibleToPerson: true });
    const url = `/mina-sidor/arenden/${withdrawn.reference}`;
    await submissionPageAction(h.post(url, { intent: "withdraw" }), h.resident(h.annaId, ANNA), withdrawn.reference);
    // The scheduled job sends the one still waiting.
    await expireConfirmations({ db, boss: h.boss });

    const rows = await db.select().from(submission);
    const status = Object.fromEntries(rows.map((r) => [r.id, r.status]));
    expect([declined, withdrawn, waiting].map((s) => status[s.submissionId])).toEqual([
      "declined",
      "withdrawn",
      "received",
    ]);
    expect((await db.select().from(robotItem).where(eq(robotItem.submissionId, waiting.submissionId))).length).toBe(1);
    for (const row of rows.filter((r) => r.id !== waiting.submissionId))
      expect((row.retainUntil!.getTime() - Date.now()) / 86_400_000).toBeCloseTo(10, 2);
    expect(rows.find((r) => r.id === waiting.submissionId)!.retainUntil).toBeNull();
    // A changed period applies to them too, counted from when each ended.
    for (const days of [20, 10]) {
      const setting = { afterRegistrationDays: String(days), draftDays: "30" };
      await saveRetention(db, { kind: "staff", id: "staff:alva" }, "forsorjningsstod", setting, 30);
      for (const row of await db.select().from(submission))
        if (row.id !== waiting.submissionId)
          expect((row.retainUntil!.getTime() - Date.now()) / 86_400_000).toBeCloseTo(days, 2);
    }

    // Kept through the period, deleted after it, with the rule it was deleted under.
    expect(await runRetention(db, h.files, new Date(Date.now() + 9 * 86_400_000))).toMatchObject({ submissions: 0 });
    expect(await runRetention(db, h.files, new Date(Date.now() + 11 * 86_400_000))).toMatchObject({ submissions: 2 });
    expect((await db.select().from(submission)).map((r) => r.id)).toEqual([waiting.submissionId]);
    const deleted = (await retentionLog(db)).filter((e) => e.action === "submission_deleted");
    expect(deleted.map((e) => e.subjectId).sort()).toEqual([declined.submissionId, withdrawn.submissionId].sort());
    for (const entry of deleted)
      expect(entry.details).toMatchObject({ service: "forsorjningsstod", rule: "retention_unsent", days: 10 });
  });
});
