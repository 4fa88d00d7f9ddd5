import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { auditEvent, draft as draftTable } from "#db/schema";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import type { EServiceDefinition } from "~/intake/definition";
import { createDraft, loadDraft } from "~/intake/drafts.server";
import { text } from "~/intake/fields";
import type { ReviewSection } from "~/intake/review.server";
import { definitionAt } from "~/intake/versions";
import { submissionPageLoader } from "~/my-pages/submission.server";
import { claimItems } from "~/queue/robot-items.server";
import { answersJsonSchema } from "~/queue/robot-openapi.server";
import { createRobotToken } from "~/queue/robot-tokens.server";
import * as entry from "~/routes/$service._index";
import * as receipt from "~/routes/$service.kvittens.$reference";
import * as start from "~/routes/$service.starta";
import * as step from "~/routes/$service.utkast.$draftId.$step";
import * as staffItem from "~/routes/personal._konsol.koer.$queue.$itemId._index";
import { describeEachDatabase } from "../support/databases";
import { ANNA, startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";
import { testService } from "../support/test-service";

/**
 * The test service after a bump: version 2 renamed the name question, so answers given to version 1's
 * "name" do not fit version 2, while the partner question is unchanged.
 */
const bumped: EServiceDefinition = vi.hoisted(() => ({}) as EServiceDefinition);
vi.mock("~/e-services/registry.server", async (original) => {
  const real = await original<typeof import("~/e-services/registry.server")>();
  const services = [...real.services, bumped];
  return {
    ...real,
    services,
    serviceById: (id: string) => services.find((s) => s.id === id) ?? null,
    serviceBySlug: (slug: string | undefined) => services.find((s) => s.slug === slug) ?? null,
    // The test service draws with the engine's own receipt, like any service without one of its own.
    moduleOf: (id: string) =>
      id === bumped.id ? { ...real.moduleOf("orosanmalan"), definition: bumped, receipt: null } : real.moduleOf(id),
  };
});
Object.assign(bumped, {
  ...testService,
  version: 2,
  steps: [{ id: "namn", fields: { fornamn: text() } }, ...testService.steps.slice(1)],
  earlierVersions: [{ version: 1, steps: testService.steps }],
  prefill: (previous) => ({ namn: previous.namn, sambo: previous.sambo }),
} satisfies EServiceDefinition);
const version1 = definitionAt(bumped, 1);

const sentUnderVersion1 = { namn: { name: "Kim" }, sambo: { partner: "nej" }, dokument: { intyg: { later: true } } };
const rows = (sections: ReviewSection[], stepId: string) =>
  sections
    .find((s) => s.stepId === stepId)
    ?.groups.flat()
    .map((r) => [r.fieldId, r.value]);

describeEachDatabase("an e-service's versions", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  const anna = () => h.resident(h.annaId);
  const draftUnder1 = (answers: Record<string, Record<string, unknown>>) =>
    createDraft(h.database.db, h.config.secrets.keyring, version1, { personId: h.annaId }, answers, 30);
  const open = (draftId: string, stepId: string) =>
    step.loader({
      request: h.get(`/testtjanst/utkast/${draftId}/${stepId}`),
      context: anna(),
      params: { service: "testtjanst", draftId, step: stepId },
    } as never);
  const startAgain = async () =>
    (await start.action({
      request: h.post("/testtjanst/starta", {}),
      context: anna(),
      params: { service: "testtjanst" },
    } as never)) as Response;
  const versionOf = async (draftId: string) =>
    (await loadDraft(h.database.db, h.config.secrets.keyring, draftId, { personId: h.annaId }))?.serviceVersion;

  it("draws a submission sent under version 1 with version 1's questions on every page that shows it", async () => {
    const sent = await h.send(version1, sentUnderVersion1, { personId: h.annaId, pnr: ANNA });

    const mine = await submissionPageLoader(h.get(`/mina-sidor/arenden/${sent.reference}`), anna(), sent.reference);
    expect(rows(mine.sections, "namn")).toEqual([["name", "Kim"]]);

    const receiptPage = await receipt.loader({
      request: h.get(`/testtjanst/kvittens/${sent.reference}`),
      context: anna(),
      params: { service: "testtjanst", reference: sent.reference },
    } as never);
    expect(receiptPage.own).toBe(false);
    expect(rows((receiptPage.page as { sections: ReviewSection[] }).sections, "namn")).toEqual([["name", "Kim"]]);

    const staffPage = (await staffItem.loader({
      request: h.get(`/personal/koer/ekonomiskt-bistand/${sent.itemId}`),
      context: h.staff("elin"),
      params: { queue: "ekonomiskt-bistand", itemId: sent.itemId },
    } as never)) as unknown as { sections: ReviewSection[] };
    expect(rows(staffPage.sections, "namn")).toEqual([["name", "Kim"]]);
    expect(rows(staffPage.sections, "sambo")).toEqual([["partner", "nej"]]);
  });

  it("points the robot at a schema that still answers for items queued before the bump", async () => {
    const sent = await h.send(version1, sentUnderVersion1, { personId: h.annaId, pnr: ANNA });
    const report = await h.send(
      definitionAt(orosanmalan, 1),
      {
        vem: { reporter: "privatperson" },
        anonym: { anonymous: "ja" },
        "om-vem": { about: "vuxen" },
        vuxen: { name: "Test Testsson" },
        omrade: { areas: ["missbruk"] },
        oro: { what: "Jag är orolig.", when: "I går", source: "sett" },
        fara: { danger: "nej" },
        heder: { honour: "nej" },
        kommunen: { ownStaff: "nej" },
        bilagor: {},
      },
      {},
    );
    for (const [queue, reference] of [
      ["ekonomiskt-bistand", sent.reference],
      ["mottagning-vuxna", report.reference],
    ] as const) {
      const token = await createRobotToken(h.database.db, { name: "Robot", queues: [queue] });
      const [item] = await claimItems(h.queue, { tokenId: token.id, name: "Robot", queues: [queue] }, queue, 1);
      expect(item!.reference).toBe(reference);
      expect(item!.serviceVersion).toBe(1);
      const [, serviceId, version] = item!.answersSchema.match(/\/schemas\/([^/]+)\/(\d+)$/)!;
      expect(item!.answersSchema).toBe(`${h.queue.apiBase}/schemas/${serviceId}/1`);
      expect(answersJsonSchema(serviceId!, Number(version), h.queue.apiBase)).toMatchObject({
        $id: item!.answersSchema,
      });
    }
  });

  it("carries a draft begun under version 1 over to version 2 when its answers still fit", async () => {
    const draftId = await draftUnder1({ sambo: { partner: "nej" } });
    const page = (await open(draftId, "namn")) as { stepId: string };
    expect(page.stepId).toBe("namn");
    expect(await versionOf(draftId)).toBe(2);

    // Starting the service again continues it.
    const next = await draftUnder1({ sambo: { partner: "ja" } });
    expect((await startAgain()).headers.get("location")).toBe(`/testtjanst/utkast/${next}/namn`);
    expect(await versionOf(next)).toBe(2);
  });

  it("restarts a draft whose answers no longer fit, and says why on the start page", async () => {
    const draftId = await draftUnder1({ namn: { name: "Kim" } });
    const response = await thrown(open(draftId, "sambo"));
    expect(response.headers.get("location")).toBe("/testtjanst?omstart=1");
    expect(await versionOf(draftId)).toBeUndefined();
    const [deleted] = await h.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "draft_deleted"), eq(auditEvent.subjectId, draftId)));
    expect(deleted?.details).toMatchObject({ rule: "version_changed", version: 1 });

    const entryPage = (await entry.loader({
      request: h.get("/testtjanst?omstart=1"),
      context: anna(),
      params: { service: "testtjanst" },
    } as never)) as { restarted: boolean };
    expect(entryPage.restarted).toBe(true);

    // Pressing start with such a draft waiting says the same, and the next press starts afresh.
    const waiting = await draftUnder1({ namn: { name: "Kim" } });
    expect((await startAgain()).headers.get("location")).toBe("/testtjanst?omstart=1");
    expect(await versionOf(waiting)).toBeUndefined();
    const fresh = (await startAgain()).headers.get("location")!;
    expect(fresh).toMatch(/^\/testtjanst\/utkast\/[0-9a-f-]{36}\/namn$/);
    const [row] = await h.database.db
      .select()
      .from(draftTable)
      .where(eq(draftTable.id, fresh.split("/")[3]!));
    expect(row!.serviceVersion).toBe(2);
  });

  it("applies again from a version 1 submission with only what version 2's questions take", async () => {
    await h.send(version1, sentUnderVersion1, { personId: h.annaId, pnr: ANNA });
    const location = (await startAgain()).headers.get("location")!;
    const draftId = location.split("/")[3]!;
    const started = await loadDraft(h.database.db, h.config.secrets.keyring, draftId, { personId: h.annaId });
    expect(started!.answers).toEqual({ sambo: { partner: "nej" } });
  });
});
