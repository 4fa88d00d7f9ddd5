import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { auditEvent, robotItem, submission, submissionEvent } from "#db/schema";
import { pnrLookup, upsertPerson } from "~/auth/people.server";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { pendingConfirmations } from "~/intake/submissions.server";
import { submissionPageAction, submissionPageLoader } from "~/my-pages/submission.server";
import { completeItem } from "~/queue/robot-items.server";
import { describeEachDatabase } from "../support/databases";
import { ANNA, BENGT, fill, household, journeyFor } from "../support/forsorjningsstod-answers";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

describeEachDatabase("withdrawing a submission from Mina sidor", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  /** Anna applies for försörjningsstöd, alone or naming Bengt as her co-applicant. */
  async function apply(withCoApplicant = false) {
    const today = new Date();
    const filled = withCoApplicant
      ? household(today)
      : household(today, {
          hushall: { partner: "nej", children: "nej", otherAdults: "nej" },
          "boende-kostnad": { rent: "6 900", contractSingle: "jag" },
        });
    return h.send(forsorjningsstod, await fill(filled, journeyFor(today)), { personId: h.annaId, pnr: ANNA });
  }

  const url = (reference: string) => `/mina-sidor/arenden/${reference}`;
  const withdraw = (reference: string) =>
    submissionPageAction(h.post(url(reference), { intent: "withdraw" }), h.resident(h.annaId, ANNA), reference);
  const page = (reference: string) =>
    submissionPageLoader(h.get(url(reference)), h.resident(h.annaId, ANNA), reference);
  const rowOf = async (id: string) => (await h.database.db.select().from(submission).where(eq(submission.id, id)))[0]!;
  const items = (submissionId: string) =>
    h.database.db.select().from(robotItem).where(eq(robotItem.submissionId, submissionId));

  it("lets the owner withdraw before registration: status withdrawn, and a withdrawal item for the robot", async () => {
    const sent = await apply();
    expect((await rowOf(sent.submissionId)).status).toBe("received");
    expect(await page(sent.reference)).toMatchObject({ as: "sender", canWithdraw: true });

    const response = (await withdraw(sent.reference)) as Response;
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(url(sent.reference));

    const row = await rowOf(sent.submissionId);
    expect(row.status).toBe("withdrawn");
    expect(row.submittedAt).not.toBeNull();
    // The robot registers the submission and then the withdrawal; its registration starts retention.
    expect(row.retainUntil).toBeNull();
    expect((await items(sent.submissionId)).map((i) => [i.kind, i.queue, i.state]).sort()).toEqual([
      ["submission", "ekonomiskt-bistand", "new"],
      ["withdrawal", "ekonomiskt-bistand", "new"],
    ]);
    const events = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.kind, "withdrawn")));
    expect(events).toMatchObject([{ visibleToPerson: true }]);
    const [audited] = await h.database.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "submission_withdrawn"));
    expect(audited).toMatchObject({ actorKind: "person", actorId: h.annaId, subjectId: sent.submissionId });

    // Withdrawn once: the page no longer offers it and a second try is refused.
    expect(await page(sent.reference)).toMatchObject({ status: "withdrawn", canWithdraw: false });
    expect((await thrown(withdraw(sent.reference))).status).toBe(409);
    expect(await items(sent.submissionId)).toHaveLength(2);
  });

  it("refuses to withdraw once the robot has registered it", async () => {
    const sent = await apply();
    const robot = await h.robot(["ekonomiskt-bistand"]);
    expect(await robot.claim("ekonomiskt-bistand")).toEqual([sent.itemId]);
    const [lease] = await rowsOf<{ lease_id: string }>(
      h.database.db,
      sql`select lease_id from robot_item where id = ${sent.itemId}`,
    );
    await completeItem(
      h.queue,
      { tokenId: robot.tokenId, name: "Testrobot", queues: ["ekonomiskt-bistand"] },
      sent.itemId!,
      { leaseId: lease!.lease_id, caseNumber: "EB-2026-1", caseSystem: "Treserva" },
    );
    expect((await rowOf(sent.submissionId)).status).toBe("registered");

    expect(await page(sent.reference)).toMatchObject({ status: "registered", canWithdraw: false });
    expect((await thrown(withdraw(sent.reference))).status).toBe(409);
    expect((await rowOf(sent.submissionId)).status).toBe("registered");
    expect((await items(sent.submissionId)).map((i) => i.kind)).toEqual(["submission"]);
    expect(await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "submission_withdrawn"))).toEqual(
      [],
    );
  });

  it("withdraws one the co-applicant has not answered: the robot hears of it, and the co-applicant is no longer asked", async () => {
    await upsertPerson(h.database.db, h.config.secrets, { pnr: BENGT, name: "Bengt", protectedIdentity: false });
    const sent = await apply(true);
    expect((await rowOf(sent.submissionId)).status).toBe("received");
    expect(await pendingConfirmations(h.database.db, pnrLookup(h.config.secrets, BENGT))).toHaveLength(1);

    expect(((await withdraw(sent.reference)) as Response).status).toBe(303);
    expect((await rowOf(sent.submissionId)).status).toBe("withdrawn");
    expect((await items(sent.submissionId)).map((i) => i.kind).sort()).toEqual(["submission", "withdrawal"]);
    // Bengt is no longer asked to confirm it.
    expect(await pendingConfirmations(h.database.db, pnrLookup(h.config.secrets, BENGT))).toEqual([]);
  });
});
