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

/** A teacher's report of concern about a pupil, sent logged in, asking to be told the outcome. */
const teacherReport: AnswersSoFar = {
  vem: { reporter: "yrkesperson" },
  "om-vem": { about: "barn" },
  barn: { items: [{ name: "Kim", age: 8 }] },
  oro: { what: "Jag är orolig.", when: "I går", source: "sett" },
  "barnet-nu": { childKnows: "nej", policeReport: "nej" },
  fara: { danger: "nej" },
  "vardnadshavare-vet": { guardiansKnow: "vet-inte" },
  aterkoppling: { meeting: "ja", feedback: "ja" },
  heder: { honour: "nej" },
  kommunen: { ownStaff: "nej" },
  bilagor: {},
};

/** The same professional's report about an adult. */
const adultReport: AnswersSoFar = {
  vem: { reporter: "yrkesperson" },
  "om-vem": { about: "vuxen" },
  vuxen: { name: "Test Testsson" },
  omrade: { areas: ["missbruk"] },
  "vuxen-kannedom": { knows: "ja", consent: "ja", childrenAtHome: "nej" },
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

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => (error instanceof RobotApiError ? error.code : error),
    );

  it.each(["investigation_opened", "investigation_not_opened", "investigation_under_way"] as const)(
    "accepts the outcome %s for a mandated reporter's report about a child, who asked",
    async (outcome) => {
      const { principal, itemId } = await registered(teacherReport);
      expect(await postStatus(h.queue, principal, itemId, { idempotencyKey: "utfall", outcome })).toMatchObject({
        replayed: false,
      });
      expect(await h.database.db.select().from(submissionEvent).where(eq(submissionEvent.kind, outcome))).toHaveLength(
        1,
      );
    },
  );

  it("refuses an outcome for a report about an adult: secrecy forbids telling the reporter", async () => {
    const { principal, itemId } = await registered(adultReport);
    expect(
      await refusal(postStatus(h.queue, principal, itemId, { idempotencyKey: "u", outcome: "investigation_opened" })),
    ).toBe("outcome_adult_report");
  });

  it("refuses an outcome for a reporter who did not ask for it", async () => {
    const { principal, itemId } = await registered({
      ...teacherReport,
      aterkoppling: { meeting: "nej", feedback: "nej" },
    });
    expect(
      await refusal(postStatus(h.queue, principal, itemId, { idempotencyKey: "u", outcome: "investigation_opened" })),
    ).toBe("outcome_not_requested");
  });

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
      aterkoppling: undefined,
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
