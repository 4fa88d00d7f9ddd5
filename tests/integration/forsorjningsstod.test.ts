import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { submission, submissionEvent, submissionParty } from "#db/schema";
import { pnrLookup, upsertPerson } from "~/auth/people.server";
import type { Keyring } from "~/crypto/envelope";
import type { Provberakning } from "~/e-services/forsorjningsstod/calculation";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { createDraft, loadDraft, saveDraftAnswers } from "~/intake/drafts.server";
import {
  answerConfirmation,
  readSubmission,
  submitDraft,
  type SubmissionDependencies,
} from "~/intake/submissions.server";
import { createLogger } from "~/logger.server";
import { ensureNoticeQueue } from "~/notify/notices.server";
import { startBoss } from "~/queue/boss.server";
import { ensureIntakeQueues } from "~/queue/intake-queue.server";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";
import { ANNA, BENGT, fill, household, journeyFor, type Filled } from "../support/forsorjningsstod-answers";

const keyring: Keyring = { activeKeyId: "t", keys: new Map([["t", randomBytes(32)]]) };
const personLookup = randomBytes(32);
const secrets = { keyring, personLookup };

describeEachDatabase("ansökan om försörjningsstöd, sent with a co-applicant", (kind) => {
  let database: TestDatabase;
  let boss: PgBoss;
  let deps: SubmissionDependencies;
  let anna: string;
  let bengt: string;

  beforeEach(async () => {
    database = await freshDatabase(kind);
    boss = await startBoss(database, database.url, createLogger("silent"));
    await ensureIntakeQueues(boss, { retryLimit: 2, retryDelaySeconds: 1, leaseSeconds: 60 });
    await ensureNoticeQueue(boss);
    deps = { db: database.db, keyring, personLookup, boss };
    anna = await upsertPerson(database.db, secrets, { pnr: ANNA, name: "Anna Andersson", protectedIdentity: false });
    bengt = await upsertPerson(database.db, secrets, { pnr: BENGT, name: "Bengt Andersson", protectedIdentity: false });
  });
  afterEach(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.dispose();
  });

  const jobs = async (queue: string) =>
    (
      await rowsOf<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pgboss.job where name = ${`intake.${queue}`}`,
      )
    )[0]!.n;

  /** Anna fills in a draft step by step, as the step pages save it, and sends it. */
  async function applyAndSend(protectedIdentity = false, overrides: Filled = {}) {
    const today = new Date();
    const journey = journeyFor(today);
    const id = await createDraft(database.db, keyring, forsorjningsstod, { personId: anna }, {}, 30);
    await saveDraftAnswers(database.db, keyring, id, await fill(household(today, overrides), journey), 30);
    const draft = (await loadDraft(database.db, keyring, id, { personId: anna }))!;
    return submitDraft(deps, {
      draft,
      definition: forsorjningsstod,
      journey,
      personId: anna,
      protectedIdentity,
      language: "sv",
      channel: "e-service",
      actor: { kind: "person", id: anna },
    });
  }

  const answer = (reference: string, choice: "confirm" | "decline") =>
    answerConfirmation(deps, {
      reference,
      personId: bengt,
      pnrLookup: pnrLookup(secrets, BENGT),
      answer: choice,
    });

  it("reaches the ekonomiskt bistånd queue when Anna sends it, with its calculation; Bengt's answer follows", async () => {
    const sent = await applyAndSend();
    expect(sent.status).toBe("received");
    expect(sent.reference).toMatch(/^EB-/);
    expect(await jobs("ekonomiskt-bistand")).toBe(1);
    expect(await jobs("skyddad")).toBe(0);

    const [party] = await database.db.select().from(submissionParty);
    expect(party).toMatchObject({ role: "medsokande", status: "invited", pnrLookup: pnrLookup(secrets, BENGT) });

    // Statistics: one event, never shown to the person, holding categories only.
    const [statistics] = await database.db.select().from(submissionEvent).where(eq(submissionEvent.kind, "statistics"));
    expect(statistics!.visibleToPerson).toBe(false);
    expect(statistics!.details).toEqual({
      channel: "e-service",
      documentsAttached: "some",
      householdType: "couple_with_children",
    });

    const [row] = await database.db.select().from(submission);
    expect(row).toMatchObject({ status: "received", queue: "ekonomiskt-bistand", serviceId: "forsorjningsstod" });
    expect(row!.serviceVersion).toBe(forsorjningsstod.version);
    expect(row!.submittedAt).not.toBeNull();
    const view = await readSubmission(database.db, keyring, row!, { kind: "system" }, "test");
    const computed = view.computed as unknown as Provberakning;
    expect(computed.kind).toBe("provberakning");
    expect(computed.month).toBe(new Date().toISOString().slice(0, 7));
    // No table for the current year is shipped: the robot is told so, not given another year's figures.
    if (!computed.result.ok) expect(computed.result).toMatchObject({ reason: "no_table_for_year" });
    expect(view.answers.medsokande).toEqual({ pnr: BENGT });

    expect(await answer(sent.reference, "confirm")).toBe("confirmed");
    expect(await jobs("ekonomiskt-bistand")).toBe(1);
    expect((await database.db.select().from(submissionParty))[0]!.status).toBe("confirmed");
  });

  it("keeps it sent when Bengt declines: the refusal is recorded, nothing is withdrawn", async () => {
    const sent = await applyAndSend();
    expect(await answer(sent.reference, "decline")).toBe("declined");
    expect(await jobs("ekonomiskt-bistand")).toBe(1);
    const [row] = await database.db.select().from(submission);
    expect(row!.status).toBe("received");
    expect(row!.submittedAt).not.toBeNull();
    expect((await database.db.select().from(submissionParty))[0]!.status).toBe("declined");
    expect(await answer(sent.reference, "confirm")).toBe("not_pending");
  });

  it("asks no partner when Anna applies without hers because of violence or threat, and flags safe contact", async () => {
    const sent = await applyAndSend(false, {
      medsokande: { coApplicantPnr: "19870704-9832", withoutPartner: "ja" },
    });
    expect(sent.status).toBe("received");
    expect(await jobs("ekonomiskt-bistand")).toBe(1);
    // Nobody invited, nobody told, and not even the typed number kept.
    expect(await database.db.select().from(submissionParty)).toEqual([]);
    const [row] = await database.db.select().from(submission);
    expect(row!.flags).toEqual(["contact_safely"]);
    const view = await readSubmission(database.db, keyring, row!, { kind: "system" }, "test");
    expect(view.answers.medsokande).toEqual({ withoutPartner: "ja" });
    const notices = await rowsOf<{ data: { kind: string } }>(
      database.db,
      sql`select data from pgboss.job where name = 'notice'`,
    );
    expect(notices.map((n) => n.data.kind)).toEqual(["receipt"]);
    // The household is still a couple in the estimate: the partner's figures are Anna's to give.
    expect((view.computed as unknown as Provberakning).result).toBeDefined();
  });

  it("routes a household with protected personal data to the restricted queue", async () => {
    const sent = await applyAndSend(true);
    expect(sent.status).toBe("received");
    expect(await jobs("skyddad")).toBe(1);
    expect(await jobs("ekonomiskt-bistand")).toBe(0);
    const [row] = await database.db.select().from(submission);
    expect(row!.flags).toEqual(["protected_identity"]);
  });
});
