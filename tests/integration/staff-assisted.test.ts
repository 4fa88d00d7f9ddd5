import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvent, person, submission, submissionEvent, submissionParty } from "#db/schema";
import { saveDraftAnswers } from "~/intake/drafts.server";
import { overviewLoader } from "~/my-pages/overview.server";
import { claimItems } from "~/queue/robot-items.server";
import * as step from "~/routes/$service.utkast.$draftId.$step";
import * as review from "~/routes/$service.utkast.$draftId.granska";
import * as start from "~/routes/$service.starta";
import * as assistedStart from "~/routes/personal._konsol.registrera._index";
import * as assistedPerson from "~/routes/personal._konsol.registrera.person";
import * as assistedReview from "~/routes/personal._konsol.registrera.$draftId";
import * as assistedReceipt from "~/routes/personal._konsol.registrera.kvittens.$reference";
import { describeEachDatabase } from "../support/databases";
import { fill, household, journeyFor } from "../support/forsorjningsstod-answers";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const location = (response: unknown) => {
  if (!(response instanceof Response))
    throw new Error(`expected a redirect, got ${JSON.stringify(response).slice(0, 300)}`);
  return response.headers.get("location")!;
};
const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;
const statusOfData = (value: unknown) => (value as { init?: { status?: number } }).init?.status ?? 200;

/**
 * The assisted and paper channels: a staff member walks the e-service's own steps (the intake
 * engine's routes, with a draft their session owns), checks and sends from the staff pages, and
 * the submission goes into the same queue marked with the channel and the person as recorded.
 */
describeEachDatabase("registering on someone's behalf", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  /** Posts one step of the engine as the staff member, returning where it sends them next. */
  async function post(who: string, path: string, form: Record<string, string | string[]>) {
    const [, service, , draftId, stepId] = path.split("?")[0]!.split("/");
    const response = await step.action({
      request: h.post(path, form),
      context: h.staff(who),
      params: { service: service!, draftId: draftId!, step: stepId! },
    } as never);
    return location(response);
  }

  it("walks the report of concern's own steps from a paper form, into the same queue, marked as paper", async () => {
    const sara = h.staff("sara");
    let next = location(
      await assistedStart.action({
        request: h.post("/personal/registrera", { service: "orosanmalan", channel: "paper" }),
        context: sara,
        params: {},
      } as never),
    );
    expect(next).toMatch(/^\/orosanmalan\/utkast\/[0-9a-f-]{36}\/vem$/);
    const draftId = next.split("/")[3]!;
    // The draft is the staff member's: another staff member's session (or a resident) gets a 404.
    expect(
      (
        await thrown(
          step.loader({
            request: h.get(next),
            context: h.staff("rasmus"),
            params: { service: "orosanmalan", draftId, step: "vem" },
          } as never),
        )
      ).status,
    ).toBe(404);

    const answers: Record<string, Record<string, string | string[]>> = {
      vem: { reporter: "yrkesperson" },
      arbetsplats: { organisation: "skola", role: "Lärare" },
      enhet: { unit: "exempelskolan" },
      "dina-uppgifter": { name: "Lärare Lärarsson", phone: "070-111 22 33" },
      "om-vem": { about: "barn" },
      syskon: {},
      oro: { what: "Eleven säger att det är bråk hemma.", when: "I förrgår", source: "berattat" },
      "barnet-nu": { childKnows: "nej", policeReport: "vet-inte" },
      fara: { danger: "nej" },
      "vardnadshavare-vet": { guardiansKnow: "nej" },
      aterkoppling: { meeting: "ja", feedback: "ja" },
      heder: { honour: "nej" },
      kommunen: { ownStaff: "nej" },
      bilagor: {},
    };
    for (let guard = 0; guard < 30 && !next.endsWith("/granska"); guard++) {
      const stepId = next.split("/")[4]!.split("?")[0]!;
      if (stepId === "barn") {
        await post("sara", next, { intent: "add", name: "Kim", age: "9" });
        next = await post("sara", next, { intent: "continue" });
      } else if (stepId === "vardnadshavare") next = await post("sara", next, { intent: "continue" });
      else next = await post("sara", next, { intent: "continue", ...answers[stepId] });
    }
    expect(next).toBe(`/orosanmalan/utkast/${draftId}/granska`);
    // The resident's review page sends a staff member to theirs.
    expect(
      location(
        await thrown(
          review.loader({ request: h.get(next), context: sara, params: { service: "orosanmalan", draftId } } as never),
        ),
      ),
    ).toBe(`/personal/registrera/${draftId}`);
    // A staff member starting the resident's way is sent to the staff pages.
    expect(
      location(
        await thrown(
          start.action({
            request: h.post("/orosanmalan/starta", {}),
            context: sara,
            params: { service: "orosanmalan" },
          } as never),
        ),
      ),
    ).toBe("/personal/registrera?tjanst=orosanmalan");

    const page = dataOf<Awaited<ReturnType<typeof assistedReview.loader>>>(
      await assistedReview.loader({
        request: h.get(`/personal/registrera/${draftId}`),
        context: sara,
        params: { draftId },
      } as never),
    );
    expect(page.recorded).toMatchObject({ channel: "paper", recordedBy: "staff:sara", name: null });
    expect(page.review.sections.map((s) => s.stepId)).toContain("dina-uppgifter");

    const sent = location(
      await assistedReview.action({
        request: h.post(`/personal/registrera/${draftId}`, {}),
        context: sara,
        params: { draftId },
      } as never),
    );
    const reference = sent.split("/").at(-1)!;
    expect(sent).toBe(`/personal/registrera/kvittens/${reference}`);
    const [row] = await h.database.db.select().from(submission).where(eq(submission.reference, reference));
    expect(row).toMatchObject({ channel: "paper", personId: null, queue: "mottagning-barn-unga", status: "received" });
    const [stats] = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, row!.id), eq(submissionEvent.kind, "statistics")));
    expect(stats!.details).toEqual({
      channel: "paper",
      reporter: "yrkesperson",
      organisation: "skola",
      unit: "exempelskolan",
      about: "barn",
      acute: false,
    });
    const [created] = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "submission_created"));
    expect(created).toMatchObject({ actorKind: "staff", actorId: "staff:sara", details: { channel: "paper" } });

    // The receipt, for Sara; a member of another unit gets a 404.
    const receipt = dataOf<Awaited<ReturnType<typeof assistedReceipt.loader>>>(
      await assistedReceipt.loader({ request: h.get(sent), context: sara, params: { reference } } as never),
    );
    expect(receipt).toMatchObject({ reference, channel: "paper", queue: "mottagning-barn-unga" });
    expect(
      (
        await thrown(
          assistedReceipt.loader({ request: h.get(sent), context: h.staff("viktor"), params: { reference } } as never),
        )
      ).status,
    ).toBe(404);
    // Sending again (Back, a double click) leads to the same receipt.
    expect(
      location(
        await thrown(
          assistedReview.loader({
            request: h.get(`/personal/registrera/${draftId}`),
            context: sara,
            params: { draftId },
          } as never),
        ),
      ),
    ).toBe(sent);

    // The robot gets it like any other, with the channel and who registered it.
    const [item] = await claimItems(
      h.queue,
      { tokenId: (await h.robot(["mottagning-barn-unga"])).tokenId, name: "R", queues: ["mottagning-barn-unga"] },
      "mottagning-barn-unga",
      1,
    );
    expect(item).toMatchObject({
      reference,
      channel: "paper",
      sender: null,
      recordedPerson: { recordedBy: "staff:sara", name: null },
    });
  });

  it("registers an application for a new arrival with no personnummer, with the person as recorded", async () => {
    const elin = h.staff("elin");
    expect(
      location(
        await assistedStart.action({
          request: h.post("/personal/registrera", { service: "forsorjningsstod", channel: "assisted" }),
          context: elin,
          params: {},
        } as never),
      ),
    ).toBe("/personal/registrera/person?tjanst=forsorjningsstod&kanal=assisted");
    const personUrl = "/personal/registrera/person?tjanst=forsorjningsstod&kanal=assisted";
    // Neither a number nor a date of birth: who is it?
    const refused = await assistedPerson.action({
      request: h.post(personUrl, { name: "Amal Hassan" }),
      context: elin,
      params: {},
    } as never);
    expect(statusOfData(refused)).toBe(400);
    expect(dataOf<{ problems: object }>(refused).problems).toEqual({ pnr: "identify" });
    const bad = await assistedPerson.action({
      request: h.post(personUrl, { name: "", pnr: "19850312-9821", email: "nej" }),
      context: elin,
      params: {},
    } as never);
    expect(dataOf<{ problems: object }>(bad).problems).toEqual({ name: "required", pnr: "checksum", email: "invalid" });

    const first = location(
      await assistedPerson.action({
        request: h.post(personUrl, {
          name: "Amal Hassan",
          birthDate: "1991-02-14",
          phone: "070-555 44 33",
          language: "arabiska",
          interpreter: "ja",
        }),
        context: elin,
        params: {},
      } as never),
    );
    const draftId = first.split("/")[3]!;
    const today = new Date();
    const single = household(today, {
      hushall: { partner: "nej", children: "nej", otherAdults: "nej" },
      "boende-kostnad": { rent: "6 900", contractSingle: "jag" },
    });
    const answers = await fill(single, { loggedIn: false, today });
    await saveDraftAnswers(h.database.db, h.config.secrets.keyring, draftId, answers, 30);

    // The person's declaration is confirmed by the staff member.
    const missing = await assistedReview.action({
      request: h.post(`/personal/registrera/${draftId}`, {}),
      context: elin,
      params: { draftId },
    } as never);
    expect(statusOfData(missing)).toBe(400);
    expect(dataOf<Awaited<ReturnType<typeof assistedReview.loader>>>(missing).review.declarationMissing).toBe(true);
    const sent = location(
      await assistedReview.action({
        request: h.post(`/personal/registrera/${draftId}`, { declaration: "ja" }),
        context: elin,
        params: { draftId },
      } as never),
    );
    const reference = sent.split("/").at(-1)!;
    const [row] = await h.database.db.select().from(submission).where(eq(submission.reference, reference));
    expect(row).toMatchObject({ channel: "assisted", personId: null, queue: "ekonomiskt-bistand", status: "received" });
    const [stats] = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, row!.id), eq(submissionEvent.kind, "statistics")));
    expect(stats!.details).toMatchObject({ channel: "assisted" });

    const [item] = await claimItems(
      h.queue,
      { tokenId: (await h.robot(["ekonomiskt-bistand"])).tokenId, name: "R", queues: ["ekonomiskt-bistand"] },
      "ekonomiskt-bistand",
      1,
    );
    expect(item).toMatchObject({
      reference,
      channel: "assisted",
      sender: null,
      coParties: [],
      recordedPerson: {
        recordedBy: "staff:elin",
        name: "Amal Hassan",
        personnummer: null,
        birthDate: "1991-02-14",
        phone: "070-555 44 33",
        language: "arabiska",
        interpreter: true,
      },
    });
    // The recorded person was read by the robot: audited.
    const reads = await h.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "person_read"), eq(auditEvent.actorKind, "robot")));
    expect(reads.map((r) => r.details)).toContainEqual({ purpose: "robot_claim", recorded: true });
  });

  it("ties an application with a personnummer to the person, and takes the co-applicant's confirmation from staff", async () => {
    const elin = h.staff("elin");
    const personUrl = "/personal/registrera/person?tjanst=forsorjningsstod&kanal=paper";
    const first = location(
      await assistedPerson.action({
        request: h.post(personUrl, { name: "Anna Andersson", pnr: "198503129820" }),
        context: elin,
        params: {},
      } as never),
    );
    const draftId = first.split("/")[3]!;
    const today = new Date();
    const answers = await fill(household(today), journeyFor(today));
    await saveDraftAnswers(h.database.db, h.config.secrets.keyring, draftId, answers, 30);

    const page = dataOf<Awaited<ReturnType<typeof assistedReview.loader>>>(
      await assistedReview.loader({
        request: h.get(`/personal/registrera/${draftId}`),
        context: elin,
        params: { draftId },
      } as never),
    );
    expect(page.coParties).toBe(1);
    const missing = await assistedReview.action({
      request: h.post(`/personal/registrera/${draftId}`, { declaration: "ja" }),
      context: elin,
      params: { draftId },
    } as never);
    expect(dataOf<Awaited<ReturnType<typeof assistedReview.loader>>>(missing).coPartiesMissing).toBe(true);
    const sent = location(
      await assistedReview.action({
        request: h.post(`/personal/registrera/${draftId}`, { declaration: "ja", coPartiesConfirmed: "ja" }),
        context: elin,
        params: { draftId },
      } as never),
    );
    const reference = sent.split("/").at(-1)!;
    const [row] = await h.database.db.select().from(submission).where(eq(submission.reference, reference));
    // Anna's own person row: no second person was made for her number.
    expect(row).toMatchObject({ channel: "paper", personId: h.annaId, status: "received" });
    expect((await h.database.db.select().from(person)).length).toBe(1);
    // Nobody is invited to confirm with e-ID: the co-applicant signed the paper.
    expect(await h.database.db.select().from(submissionParty).where(eq(submissionParty.submissionId, row!.id))).toEqual(
      [],
    );
    // It is on Anna's Mina sidor when she logs in.
    const mine = await overviewLoader(h.get("/mina-sidor"), h.resident(h.annaId));
    expect(JSON.stringify(mine)).toContain(reference);
  });

  it("refuses a service of another unit with 403 (audited) and a draft that is not the staff member's with 404", async () => {
    const refused = await thrown(
      assistedStart.action({
        request: h.post("/personal/registrera", { service: "forsorjningsstod", channel: "paper" }),
        context: h.staff("sara"),
        params: {},
      } as never),
    );
    expect(refused.status).toBe(403);
    const [denied] = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "access_denied"));
    expect(denied).toMatchObject({ actorId: "staff:sara" });
    const missing = await assistedStart.action({
      request: h.post("/personal/registrera", {}),
      context: h.staff("sara"),
      params: {},
    } as never);
    expect(dataOf<{ errors: string[] }>(missing).errors).toEqual(["service", "channel"]);

    const first = location(
      await assistedStart.action({
        request: h.post("/personal/registrera", { service: "orosanmalan", channel: "assisted" }),
        context: h.staff("sara"),
        params: {},
      } as never),
    );
    const draftId = first.split("/")[3]!;
    for (const params of [{ draftId }, { draftId: "not-a-draft" }, { draftId: crypto.randomUUID() }])
      expect(
        (
          await thrown(
            assistedReview.loader({
              request: h.get("/personal/registrera/x"),
              context: h.staff("rasmus"),
              params,
            } as never),
          )
        ).status,
      ).toBe(404);
  });
});
