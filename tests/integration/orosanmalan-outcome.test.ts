import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { submissionEvent } from "#db/schema";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import type { AnswersSoFar } from "~/intake/fields";
import { submissionPageLoader } from "~/my-pages/submission.server";
import { claimItems, completeItem, postStatus } from "~/queue/robot-items.server";
import { RobotApiError } from "~/queue/robot-errors";
import { describeEachDatabase } from "../support/databases";
import { ANNA, startStaffHarness, type StaffHarness } from "../support/staff-harness";

/** A teacher's report of concern about a pupil, sent logged in. */
const teacherReport: AnswersSoFar = {
  vem: { reporter: "yrkesperson" },
  "om-vem": { about: "vuxen" },
  vuxen: { name: "Test Testsson" },
  omrade: { areas: ["missbruk"] },
  oro: { what: "Jag är orolig.", when: "I går", source: "sett" },
  fara: { danger: "nej" },
  heder: { honour: "nej" },
  kommunen: { ownStaff: "nej" },
  bilagor: {},
};

describeEachDatabase("the outcome of a report of concern, written back by the robot", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  async function registered(answers: AnswersSoFar) {
    const sent = await h.send(orosanmalan, answers, { personId: h.annaId, pnr: ANNA });
    const robot = await h.robot([sent.queue]);
    const principal = { tokenId: robot.tokenId, name: "Testrobot", queues: [sent.queue] };
    const [item] = await claimItems(h.queue, principal, sent.queue, 1);
    await completeItem(h.queue, principal, item!.id, {
      leaseId: item!.lease.id,
      caseNumber: "IFO-1",
      caseSystem: "Test",
    });
    return { sent, principal, itemId: item!.id };
  }

  it("tells the professional who reported, on Mina sidor, whether an investigation was opened", async () => {
    const { sent, principal, itemId } = await registered(teacherReport);
    const input = { idempotencyKey: "utfall-1", outcome: "investigation_opened" as const };
    expect(await postStatus(h.queue, principal, itemId, input)).toMatchObject({ replayed: false });
    expect(await postStatus(h.queue, principal, itemId, input)).toMatchObject({ replayed: true });

    const page = await submissionPageLoader(
      h.get(`/mina-sidor/arenden/${sent.reference}`),
      h.resident(h.annaId, ANNA),
      sent.reference,
    );
    expect(page.events.map((e) => e.kind)).toContain("investigation_opened");
    const events = await h.database.db
      .select()
      .from(submissionEvent)
      .where(eq(submissionEvent.kind, "investigation_opened"));
    expect(events).toMatchObject([{ visibleToPerson: true, details: { outcome: "investigation_opened" } }]);
  });

  it("refuses the outcome for a private person's report: secrecy protects it from them", async () => {
    const privateReport = {
      ...teacherReport,
      vem: { reporter: "privatperson" },
      anonym: { anonymous: "nej" },
      kontakt: { phone: "070-123 45 67" },
    };
    const { principal, itemId } = await registered(privateReport);
    const refused = await postStatus(h.queue, principal, itemId, {
      idempotencyKey: "utfall-2",
      outcome: "investigation_not_opened",
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RobotApiError);
    expect((refused as RobotApiError).code).toBe("outcome_not_applicable");
    expect(
      await h.database.db.select().from(submissionEvent).where(eq(submissionEvent.kind, "investigation_not_opened")),
    ).toEqual([]);
  });
});
