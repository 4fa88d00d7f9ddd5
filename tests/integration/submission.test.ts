import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { auditEvent, draft, robotItem, robotItemEvent, submission, submissionEvent, submissionParty } from "#db/schema";
import { pnrLookup, upsertPerson } from "~/auth/people.server";
import type { Keyring } from "~/crypto/envelope";
import { SubmitConflict, type EServiceDefinition } from "~/intake/definition";
import { createDraft, deleteExpiredDrafts, loadDraft } from "~/intake/drafts.server";
import {
  coPartyInvitation,
  CO_PARTY_READS,
  listSubmissions,
  submissionForResident,
} from "~/intake/resident-access.server";
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
import { testService } from "../support/test-service";

const keyring: Keyring = { activeKeyId: "t", keys: new Map([["t", randomBytes(32)]]) };
const personLookup = randomBytes(32);
const ANNA = "198503129820";
const BENGT = "198707049832";
const today = new Date();

describeEachDatabase("submitting a draft", (kind) => {
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
    anna = await upsertPerson(
      database.db,
      { keyring, personLookup },
      { pnr: ANNA, name: "Anna", protectedIdentity: false },
    );
    bengt = await upsertPerson(
      database.db,
      { keyring, personLookup },
      { pnr: BENGT, name: "Bengt", protectedIdentity: false },
    );
  });
  afterEach(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.dispose();
  });

  const queued = async () =>
    (
      await rowsOf<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pgboss.job where name like 'intake.%'`,
      )
    )[0]!.n;

  async function draftFor(
    answers: Record<string, Record<string, unknown>>,
    definition: EServiceDefinition = testService,
  ) {
    const id = await createDraft(database.db, keyring, definition, { personId: anna }, answers, 30);
    return (await loadDraft(database.db, keyring, id, { personId: anna }))!;
  }

  const submit = (
    d: Awaited<ReturnType<typeof draftFor>>,
    definition: EServiceDefinition = testService,
    protectedIdentity = false,
  ) =>
    submitDraft(deps, {
      draft: d,
      definition,
      journey: { loggedIn: true, pnr: ANNA, today },
      personId: anna,
      protectedIdentity,
      language: "sv",
      channel: "e-service",
      actor: { kind: "person", id: anna },
    });

  const single = { namn: { name: "Anna" }, sambo: { partner: "nej" }, dokument: { intyg: { later: true } } };

  it("commits the submission, its event, its queue item and deletes the draft together", async () => {
    const d = await draftFor(single);
    const result = await submit(d);
    expect(result.status).toBe("received");
    expect(result.reference).toMatch(/^TT-/);
    expect(await queued()).toBe(1);
    expect(await database.db.select().from(draft)).toHaveLength(0);
    const [row] = await database.db.select().from(submission);
    expect(row!.submittedAt).not.toBeNull();
    expect(row!.answersSealed).not.toContain("Anna");
    const events = await database.db.select().from(submissionEvent);
    expect(events.map((e) => e.kind)).toEqual(["received"]);
  });

  it("puts a person with protected personal data in the restricted queue even when the service's routing forgets", async () => {
    await submit(await draftFor(single), testService, true);
    const [row] = await database.db.select().from(submission);
    expect(row!.queue).toBe("skyddad");
    expect(row!.flags).toEqual(["protected_identity"]);
  });

  it("gives one submission and the same receipt to a double click, a retry and five racing requests", async () => {
    const d = await draftFor(single);
    const results = await Promise.all([submit(d), submit(d), submit(d), submit(d), submit(d)]);
    expect(new Set(results.map((r) => r.reference)).size).toBe(1);
    expect(await submit(d)).toEqual(results[0]);
    expect(await database.db.select().from(submission)).toHaveLength(1);
    expect(await queued()).toBe(1);
  });

  it("stores nothing when any part of the transaction fails", async () => {
    const failing: EServiceDefinition = {
      ...testService,
      onSubmit: async () => {
        throw new SubmitConflict("namn", "taken");
      },
    };
    const d = await draftFor(single, failing);
    await expect(submit(d, failing)).rejects.toBeInstanceOf(SubmitConflict);
    expect(await database.db.select().from(submission)).toHaveLength(0);
    expect(await database.db.select().from(draft)).toHaveLength(1);
    expect(await queued()).toBe(0);
    expect(await database.db.select().from(auditEvent).where(eq(auditEvent.action, "submission_created"))).toHaveLength(
      0,
    );
  });

  /** The co-party events on the submission's history and on its robot queue item's. */
  const coPartyEvents = async (submissionId: string) => ({
    submission: (await database.db.select().from(submissionEvent).where(eq(submissionEvent.submissionId, submissionId)))
      .filter((e) => e.kind.startsWith("co_party_"))
      .map((e) => [e.kind, e.details?.role]),
    robot: (
      await database.db
        .select({ kind: robotItemEvent.kind, details: robotItemEvent.details })
        .from(robotItemEvent)
        .innerJoin(robotItem, eq(robotItem.id, robotItemEvent.itemId))
        .where(eq(robotItem.submissionId, submissionId))
        .orderBy(robotItemEvent.id)
    )
      .filter((e) => e.kind.startsWith("co_party_"))
      .map((e) => [e.kind, e.details?.role]),
  });

  it("sends at once while the co-applicant has not answered, and writes their later confirmation to the item", async () => {
    const d = await draftFor({ ...single, sambo: { partner: "ja" }, "sambons-nummer": { pnr: BENGT } });
    const result = await submit(d);
    // Arrived when Anna sent it: the co-applicant holds nothing back.
    expect(result.status).toBe("received");
    expect(await queued()).toBe(1);
    const [arrived] = await database.db.select().from(submission);
    expect(arrived!.submittedAt).not.toBeNull();
    expect(await coPartyEvents(arrived!.id)).toEqual({
      submission: [["co_party_invited", "medsokande"]],
      robot: [["co_party_invited", "medsokande"]],
    });

    // Bengt is asked on his invitation page; his Mina sidor shows it once he has answered, never as his own.
    const bengtLookup = pnrLookup({ personLookup }, BENGT);
    const bengtResident = { personId: bengt, pnrLookup: bengtLookup };
    expect(await coPartyInvitation(database.db, result.reference, bengtLookup)).toMatchObject({
      party: { status: "invited" },
    });
    expect(await submissionForResident(database.db, result.reference, bengtResident)).toBeNull();
    expect(await listSubmissions(database.db, bengtResident)).toHaveLength(0);

    const outcome = await answerConfirmation(deps, {
      reference: result.reference,
      personId: bengt,
      pnrLookup: bengtLookup,
      answer: "confirm",
    });
    expect(outcome).toBe("confirmed");
    expect(await submissionForResident(database.db, result.reference, bengtResident)).toMatchObject({ as: "co-party" });
    expect(await listSubmissions(database.db, bengtResident)).toMatchObject([
      { reference: result.reference, as: "co-party" },
    ]);
    // Still the one item, now with his answer in its history.
    expect(await queued()).toBe(1);
    const [after] = await database.db.select().from(submission);
    expect(after).toMatchObject({ status: "received", submittedAt: arrived!.submittedAt });
    expect(await coPartyEvents(arrived!.id)).toEqual({
      submission: [
        ["co_party_invited", "medsokande"],
        ["co_party_confirmed", "medsokande"],
      ],
      robot: [
        ["co_party_invited", "medsokande"],
        ["co_party_confirmed", "medsokande"],
      ],
    });
    // A second answer changes nothing.
    expect(
      await answerConfirmation(deps, {
        reference: result.reference,
        personId: bengt,
        pnrLookup: bengtLookup,
        answer: "decline",
      }),
    ).toBe("not_pending");
  });

  it("records a refusal for the caseworker without holding the application back or ending it", async () => {
    const d = await draftFor({ ...single, sambo: { partner: "ja" }, "sambons-nummer": { pnr: BENGT } });
    const result = await submit(d);
    const bengtLookup = pnrLookup({ personLookup }, BENGT);
    expect(
      await answerConfirmation(deps, {
        reference: result.reference,
        personId: bengt,
        pnrLookup: bengtLookup,
        answer: "decline",
      }),
    ).toBe("declined");
    const [row] = await database.db.select().from(submission);
    expect(row!.status).toBe("received");
    expect(await queued()).toBe(1);
    expect((await coPartyEvents(row!.id)).robot).toEqual([
      ["co_party_invited", "medsokande"],
      ["co_party_declined", "medsokande"],
    ]);
    // No "not sent" notice: there is nothing for Anna to do.
    const notices = await rowsOf<{ data: { kind: string; personId: string } }>(
      database.db,
      sql`select data from pgboss.job where name = 'notice'`,
    );
    expect(notices.map((n) => n.data.kind)).not.toContain("declined");
  });

  it("lets nobody else confirm, and nobody else see the submission", async () => {
    const d = await draftFor({ ...single, sambo: { partner: "ja" }, "sambons-nummer": { pnr: BENGT } });
    const result = await submit(d);
    const stranger = await upsertPerson(
      database.db,
      { keyring, personLookup },
      { pnr: "199002159847", name: "C", protectedIdentity: false },
    );
    const strangerLookup = pnrLookup({ personLookup }, "199002159847");
    expect(
      await answerConfirmation(deps, {
        reference: result.reference,
        personId: stranger,
        pnrLookup: strangerLookup,
        answer: "confirm",
      }),
    ).toBe("not_pending");
    expect(
      await submissionForResident(database.db, result.reference, { personId: stranger, pnrLookup: strangerLookup }),
    ).toBeNull();
    expect(await coPartyInvitation(database.db, result.reference, strangerLookup)).toBeNull();
    const [row] = await database.db.select().from(submission);
    expect((await coPartyEvents(row!.id)).submission).toEqual([["co_party_invited", "medsokande"]]);
  });

  it("audits every read of a submission's content", async () => {
    const result = await submit(await draftFor(single));
    const [row] = await database.db.select().from(submission).where(eq(submission.reference, result.reference));
    const view = await readSubmission(database.db, keyring, row!, { kind: "person", id: anna }, "test");
    expect(view.answers.namn).toEqual({ name: "Anna" });
    const reads = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "submission_read"));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actorKind: "person", actorId: anna, subjectId: row!.id });
  });

  it("keeps drafts from other people and deletes expired ones with an audit record each", async () => {
    const d = await draftFor(single);
    expect(await loadDraft(database.db, keyring, d.id, { personId: bengt })).toBeNull();
    expect(await loadDraft(database.db, keyring, d.id, { anonymousTokenHash: "x" })).toBeNull();
    await database.db.update(draft).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await loadDraft(database.db, keyring, d.id, { personId: anna })).toBeNull();
    expect(await deleteExpiredDrafts(database.db)).toBe(1);
    const deletions = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "draft_deleted"));
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.details).toMatchObject({ rule: "draft_retention", service: "testtjanst" });
  });
  it("lets one rule decide the Mina sidor page and list alike, for the sender, each co-party status and a stranger", async () => {
    const result = await submit(
      await draftFor({ ...single, sambo: { partner: "ja" }, "sambons-nummer": { pnr: BENGT } }),
    );
    const stranger = await upsertPerson(
      database.db,
      { keyring, personLookup },
      { pnr: "199002159847", name: "Stina", protectedIdentity: false },
    );
    const residents = {
      anna: { personId: anna, pnrLookup: pnrLookup({ personLookup }, ANNA) },
      bengt: { personId: bengt, pnrLookup: pnrLookup({ personLookup }, BENGT) },
      stranger: { personId: stranger, pnrLookup: pnrLookup({ personLookup }, "199002159847") },
    };
    const seen = async (resident: (typeof residents)[keyof typeof residents]) => {
      const page = await submissionForResident(database.db, result.reference, resident);
      const list = await listSubmissions(database.db, resident);
      // The page and the list never disagree: both come from the one rule.
      expect(list.map((s) => [s.reference, s.as])).toEqual(page ? [[page.row.reference, page.as]] : []);
      return page?.as ?? null;
    };
    for (const status of ["invited", "confirmed", "declined", "expired"] as const) {
      await database.db.update(submissionParty).set({ status });
      expect(await seen(residents.anna), status).toBe("sender");
      expect(await seen(residents.bengt), status).toBe(
        (CO_PARTY_READS as readonly string[]).includes(status) ? "co-party" : null,
      );
      expect(await seen(residents.stranger), status).toBeNull();
    }
    expect(CO_PARTY_READS).toEqual(["confirmed", "declined"]);
  });
});
