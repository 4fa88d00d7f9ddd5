import { afterAll, beforeAll, expect, it } from "vitest";
import { pagesOf } from "~/e-services/registry";
import { eServices, moduleOf } from "~/e-services/registry.server";
import { registryProblems } from "~/e-services/registry-problems.server";
import { eServicePages } from "~/e-services/registry";
import { i18nFor } from "~/i18n/request-i18n.server";
import { translator } from "~/i18n/server-translations.server";
import { answersJsonSchema } from "~/queue/robot-openapi.server";
import { claimItems, failItem } from "~/queue/robot-items.server";
import { createRobotToken } from "~/queue/robot-tokens.server";
import * as entry from "~/routes/$service._index";
import * as receipt from "~/routes/$service.kvittens.$reference";
import * as start from "~/routes/$service.starta";
import * as step from "~/routes/$service.utkast.$draftId.$step";
import * as review from "~/routes/$service.utkast.$draftId.granska";
import * as item from "~/routes/personal._konsol.koer.$queue.$itemId._index";
import * as queuePage from "~/routes/personal._konsol.koer.$queue._index";
import * as assisted from "~/routes/personal._konsol.registrera._index";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, type StaffHarness } from "../support/staff-harness";

// The registry's lists in this project are tests/support/e-services/list(.server).ts (vitest.config.ts):
// the portal's three services and a fourth that lives whole in tests/support/e-services/provtjanst.

type Args = Parameters<typeof step.loader>[0];
const args = (request: Request, context: unknown, params: Record<string, string>) =>
  ({ request, context, params }) as unknown as Args;
const locationOf = (response: unknown) => new URL((response as Response).headers.get("location")!, "http://localhost");

describeEachDatabase("a fourth e-service in one folder", (kind) => {
  let h: StaffHarness;
  beforeAll(async () => {
    h = await startStaffHarness(kind);
  });
  afterAll(() => h.close());

  it("is a sound part of the registry, its texts read from its own folder", async () => {
    expect(eServices.map((m) => m.definition.id)).toContain("provtjanst");
    expect(registryProblems(eServices, eServicePages)).toEqual([]);
    expect((await i18nFor("en")).getFixedT("en", "provtjanst")("title")).toBe("Test service");
    expect((await translator("fi", "provtjanst"))("receipt.title")).toBe("Asiasi on lähetetty");
    expect(pagesOf("provtjanst").customSteps.bekrafta).toBeTypeOf("function");
  });

  it("runs from its first page through steps, review and receipt to the robot and the staff queue", async () => {
    const anna = h.resident(h.annaId);
    const first = await entry.loader(args(h.get("/provtjanst"), anna, { service: "provtjanst" }));
    expect(first).toMatchObject({ serviceId: "provtjanst", slug: "provtjanst", access: "login", loggedIn: true });

    const started = await start.action(args(h.post("/provtjanst/starta", {}), anna, { service: "provtjanst" }));
    const [, , , draftId, firstStep] = locationOf(started).pathname.split("/");
    expect(firstStep).toBe("arende");
    const params = (stepId: string) => ({ service: "provtjanst", draftId: draftId!, step: stepId });

    const posted = await step.action(
      args(h.post(`/provtjanst/utkast/${draftId}/arende`, { name: "Anna", what: "Ett prov." }), anna, params("arende")),
    );
    expect(locationOf(posted).pathname).toBe(`/provtjanst/utkast/${draftId}/bekrafta`);

    // The custom step: the server loads what its component shows and reads what was posted.
    const custom = (await step.loader(
      args(h.get(`/provtjanst/utkast/${draftId}/bekrafta`), anna, params("bekrafta")),
    )) as {
      custom: unknown;
    };
    expect(custom.custom).toEqual({ word: "prov" });
    const refused = (await step.action(
      args(h.post(`/provtjanst/utkast/${draftId}/bekrafta`, { word: "fel" }), anna, params("bekrafta")),
    )) as { data: { problems: unknown[] } };
    expect(refused.data.problems).toEqual([{ field: "word", error: "not_an_option" }]);
    const confirmed = await step.action(
      args(h.post(`/provtjanst/utkast/${draftId}/bekrafta`, { word: "prov" }), anna, params("bekrafta")),
    );
    expect(locationOf(confirmed).pathname).toBe(`/provtjanst/utkast/${draftId}/granska`);

    const checked = (await review.loader(
      args(h.get(`/provtjanst/utkast/${draftId}/granska`), anna, params("granska")),
    )) as {
      serviceId: string;
      sections: { stepId: string }[];
    };
    expect(checked.serviceId).toBe("provtjanst");
    expect(checked.sections.map((s) => s.stepId)).toEqual(["arende", "bekrafta"]);
    const sent = await review.action(
      args(h.post(`/provtjanst/utkast/${draftId}/granska`, {}), anna, params("granska")),
    );
    const receiptPath = locationOf(sent).pathname;
    const reference = receiptPath.split("/").pop()!;
    expect(receiptPath).toBe(`/provtjanst/kvittens/${reference}`);
    expect(reference).toMatch(/^PT-/);

    const shown = await receipt.loader(args(h.get(receiptPath), anna, { service: "provtjanst", reference }));
    expect(shown).toMatchObject({ serviceId: "provtjanst", own: false, page: { reference } });

    // The robot claims it from the queue its routing names, with its answers and their schema.
    const robot = await createRobotToken(h.database.db, { name: "Provrobot", queues: ["mottagning-vuxna"] });
    const principal = { tokenId: robot.id, name: "Provrobot", queues: ["mottagning-vuxna" as const] };
    const [claimed] = await claimItems(h.queue, principal, "mottagning-vuxna", 10);
    expect(claimed).toMatchObject({
      reference,
      serviceId: "provtjanst",
      answers: { arende: { name: "Anna", what: "Ett prov." }, bekrafta: { word: "prov" } },
    });
    expect(claimed!.answersSchema).toContain("/schemas/provtjanst/1");
    expect(JSON.stringify(answersJsonSchema("provtjanst", 1, "http://localhost/api/robot/v1"))).toContain("bekrafta");

    // It fails; the staff who handle the queue see it and open it.
    await failItem(h.queue, principal, claimed!.id, { leaseId: claimed!.lease.id, kind: "business", reason: "Prov" });
    const viktor = h.staff("viktor");
    const queue = await queuePage.loader(
      args(h.get("/personal/koer/mottagning-vuxna"), viktor, { queue: "mottagning-vuxna" }),
    );
    expect(queue.items.map((i) => i.reference)).toContain(reference);
    const opened = (await item.loader(
      args(h.get(`/personal/koer/mottagning-vuxna/${claimed!.id}`), viktor, {
        queue: "mottagning-vuxna",
        itemId: claimed!.id,
      }),
    )) as unknown as { item: { serviceId: string } };
    expect(JSON.stringify(opened)).toContain("Ett prov.");
  });

  it("is offered to the staff roles its module names for registering on someone's behalf", async () => {
    expect(moduleOf("provtjanst").staffRoles).toEqual(["mottagning-vuxna"]);
    const offered = async (staff: string) =>
      (
        (await assisted.loader(args(h.get("/personal/registrera"), h.staff(staff), {}))) as {
          services: { id: string }[];
        }
      ).services.map((s) => s.id);
    expect(await offered("viktor")).toContain("provtjanst");
    expect(await offered("elin")).not.toContain("provtjanst");
  });
});
