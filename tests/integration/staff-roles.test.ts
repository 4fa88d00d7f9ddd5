import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditEvent, message } from "#db/schema";
import { seal } from "~/crypto/envelope";
import { testStaff } from "~/auth/dev-idp/test-persons";
import type { RequestContext } from "~/load-context";
import * as layout from "~/routes/personal._konsol";
import * as start from "~/routes/personal._konsol._index";
import * as queues from "~/routes/personal._konsol.koer._index";
import * as queue from "~/routes/personal._konsol.koer.$queue._index";
import * as item from "~/routes/personal._konsol.koer.$queue.$itemId._index";
import * as itemFile from "~/routes/personal._konsol.koer.$queue.$itemId.filer.$fileId";
import * as assisted from "~/routes/personal._konsol.registrera._index";
import * as assistedPerson from "~/routes/personal._konsol.registrera.person";
import * as slots from "~/e-services/samarbetssamtal/routes/staff-slots";
import * as bookings from "~/e-services/samarbetssamtal/routes/staff-bookings";
import * as unitList from "~/routes/personal._konsol.familjeratt.forfragningar._index";
import * as inbox from "~/routes/personal._konsol.meddelanden._index";
import * as thread from "~/routes/personal._konsol.meddelanden.$reference";
import * as figures from "~/routes/personal._konsol.uppfoljning._index";
import * as figuresCsv from "~/routes/personal._konsol.uppfoljning.csv";
import * as tokens from "~/routes/personal._konsol.robotar";
import * as auditLog from "~/routes/personal._konsol.logg._index";
import * as auditCsv from "~/routes/personal._konsol.logg.csv";
import * as retention from "~/routes/personal._konsol.gallring";
import * as riksnormIndex from "~/e-services/forsorjningsstod/routes/staff-riksnorm";
import * as riksnormYear from "~/e-services/forsorjningsstod/routes/staff-riksnorm-year";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, statusOf, type StaffHarness } from "../support/staff-harness";

type Loader = (args: { request: Request; context: RequestContext; params: Record<string, string> }) => unknown;

/**
 * Every staff page, for every test staff member: the members whose roles open it get 200, every
 * other member gets 403 and the attempt is in the audit log; a resident gets 403 too, and
 * someone not logged in is sent to the staff login.
 */
describeEachDatabase("staff console roles", (kind) => {
  let h: StaffHarness;
  let pages: {
    name: string;
    path: string;
    loader: Loader;
    params: Record<string, string>;
    allowed: string[];
    /** Members who may use the page but not this item's queue: 404, so a reference in another queue (even the restricted one) is never confirmed. */
    hidden?: string[];
  }[];

  beforeAll(async () => {
    h = await startStaffHarness(kind);
    // Data the item and conversation pages need: a report the robot failed, with a message on it.
    const sent = await h.report({ identified: true });
    const robot = await h.robot(["mottagning-vuxna"]);
    await robot.claim("mottagning-vuxna");
    await robot.fail(sent.itemId!, "business", "Personnumret finns inte i verksamhetssystemet");
    const messageId = crypto.randomUUID();
    await h.database.db.insert(message).values({
      id: messageId,
      submissionId: sent.submissionId,
      direction: "from_person",
      authorKind: "person",
      authorId: h.annaId,
      bodySealed: seal(h.config.secrets.keyring, "Hej, när får jag svar?", `message.body:${messageId}`),
    });
    const vuxna = ["viktor", "rasmus"];
    const everyone = testStaff.map((s) => s.id);
    const queueWorkers = ["sara", "viktor", "elin", "frida", "rasmus"];
    pages = [
      { name: "console frame", path: "/personal", loader: layout.loader, params: {}, allowed: everyone },
      { name: "start", path: "/personal", loader: start.loader, params: {}, allowed: everyone },
      {
        name: "queue overview",
        path: "/personal/koer",
        loader: queues.loader,
        params: {},
        allowed: [...queueWorkers, "alva"],
      },
      {
        name: "one queue",
        path: "/personal/koer/mottagning-vuxna",
        loader: queue.loader,
        params: { queue: "mottagning-vuxna" },
        allowed: vuxna,
      },
      {
        name: "the restricted queue",
        path: "/personal/koer/skyddad",
        loader: queue.loader,
        params: { queue: "skyddad" },
        allowed: ["rasmus"],
      },
      {
        name: "one item",
        path: `/personal/koer/mottagning-vuxna/${sent.itemId}`,
        loader: item.loader,
        params: { queue: "mottagning-vuxna", itemId: sent.itemId! },
        allowed: vuxna,
      },
      {
        name: "register for someone",
        path: "/personal/registrera",
        loader: assisted.loader,
        params: {},
        allowed: queueWorkers,
      },
      {
        name: "the person (income support)",
        path: "/personal/registrera/person?tjanst=forsorjningsstod&kanal=paper",
        loader: assistedPerson.loader,
        params: {},
        allowed: ["elin"],
      },
      {
        name: "bookable times",
        path: "/personal/familjeratt/tider",
        loader: slots.loader,
        params: {},
        allowed: ["frida"],
      },
      {
        name: "booked talks",
        path: "/personal/familjeratt/bokningar",
        loader: bookings.loader,
        params: {},
        allowed: ["frida"],
      },
      {
        // The restricted queue's staff keep a protected parent's request there.
        name: "the unit's own list",
        path: "/personal/familjeratt/forfragningar",
        loader: unitList.loader,
        params: {},
        allowed: ["frida", "rasmus"],
      },
      { name: "messages", path: "/personal/meddelanden", loader: inbox.loader, params: {}, allowed: queueWorkers },
      {
        name: "one conversation",
        path: `/personal/meddelanden/${sent.reference}`,
        loader: thread.loader,
        params: { reference: sent.reference },
        allowed: vuxna,
        hidden: ["sara", "elin", "frida"],
      },
      { name: "follow-up", path: "/personal/uppfoljning", loader: figures.loader, params: {}, allowed: everyone },
      {
        name: "follow-up CSV",
        path: "/personal/uppfoljning/csv",
        loader: figuresCsv.loader,
        params: {},
        allowed: everyone,
      },
      { name: "robot tokens", path: "/personal/robotar", loader: tokens.loader, params: {}, allowed: ["alva"] },
      { name: "audit log", path: "/personal/logg", loader: auditLog.loader, params: {}, allowed: ["alva"] },
      { name: "audit log CSV", path: "/personal/logg/csv", loader: auditCsv.loader, params: {}, allowed: ["alva"] },
      { name: "retention", path: "/personal/gallring", loader: retention.loader, params: {}, allowed: ["alva"] },
      { name: "riksnorm", path: "/personal/riksnorm", loader: riksnormIndex.loader, params: {}, allowed: ["alva"] },
      {
        name: "riksnorm year",
        path: "/personal/riksnorm/2027",
        loader: riksnormYear.loader,
        params: { year: "2027" },
        allowed: ["alva"],
      },
    ];
  });
  afterAll(() => h?.close());

  const denials = async (who: string, path: string) =>
    (
      await h.database.db
        .select()
        .from(auditEvent)
        .where(
          and(
            eq(auditEvent.action, "access_denied"),
            eq(auditEvent.actorId, `staff:${who}`),
            eq(auditEvent.subjectId, new URL(`http://x${path}`).pathname),
          ),
        )
    ).length;

  it("gives each role 200 on its pages and 403 (audited) on the others", async () => {
    const outcome: Record<string, Record<string, number>> = {};
    const expected: Record<string, Record<string, number>> = {};
    for (const page of pages) {
      for (const member of testStaff) {
        const before = await denials(member.id, page.path);
        const status = await statusOf(() =>
          page.loader({ request: h.get(page.path), context: h.staff(member.id), params: page.params }),
        );
        (outcome[page.name] ??= {})[member.id] = status;
        (expected[page.name] ??= {})[member.id] = page.allowed.includes(member.id)
          ? 200
          : page.hidden?.includes(member.id)
            ? 404
            : 403;
        if (status === 403) expect(await denials(member.id, page.path), `${page.name} ${member.id}`).toBe(before + 1);
      }
    }
    expect(outcome).toEqual(expected);
  });

  it("refuses every action to a member without the role with 403, audited, before reading the form", async () => {
    type Action = (args: { request: Request; context: RequestContext; params: Record<string, string> }) => unknown;
    const [one] = pages.filter((p) => p.name === "one item");
    const actions: [string, string, Action, Record<string, string>][] = [
      ["sara", `/personal/koer/mottagning-vuxna/${one!.params.itemId}`, item.action, one!.params],
      ["viktor", "/personal/familjeratt/tider", slots.action, {}],
      ["sara", "/personal/familjeratt/bokningar", bookings.action, {}],
      ["alva", "/personal/registrera", assisted.action, {}],
      ["frida", "/personal/robotar", tokens.action, {}],
      ["rasmus", "/personal/gallring", retention.action, {}],
      ["elin", "/personal/riksnorm/2027", riksnormYear.action, { year: "2027" }],
      ["alva", "/personal/meddelanden/x", thread.action, { reference: "OA-AAAA-AAAA" }],
    ];
    for (const [who, path, action, params] of actions) {
      const before = await denials(who, path);
      const status = await statusOf(() =>
        action({ request: h.post(path, { intent: "register" }), context: h.staff(who), params }),
      );
      expect(status, `${who} ${path}`).toBe(403);
      expect(await denials(who, path), `${who} ${path}`).toBe(before + 1);
    }
  });

  it("refuses a resident with 403 and sends someone not logged in to the staff login", async () => {
    for (const page of pages) {
      expect(
        await statusOf(() =>
          page.loader({ request: h.get(page.path), context: h.resident(h.annaId), params: page.params }),
        ),
        page.name,
      ).toBe(403);
      const redirect = await statusOf(() =>
        page.loader({ request: h.get(page.path), context: h.anonymous(), params: page.params }),
      );
      expect(redirect, page.name).toBe(302);
    }
  });

  it("answers a tampered id with 404 for a member who may open the queue", async () => {
    const viktor = h.staff("viktor");
    const cases: [Loader, Record<string, string>][] = [
      [item.loader, { queue: "mottagning-vuxna", itemId: "not-a-uuid" }],
      [item.loader, { queue: "mottagning-vuxna", itemId: "00000000-0000-4000-8000-000000000000" }],
      [queue.loader, { queue: "ingen-sadan-ko" }],
      [itemFile.loader, { queue: "mottagning-vuxna", itemId: "00000000-0000-4000-8000-000000000000", fileId: "x" }],
      [thread.loader, { reference: "OA-AAAA-AAAA" }],
    ];
    for (const [loader, params] of cases)
      expect(
        await statusOf(() => loader({ request: h.get("/personal/x"), context: viktor, params })),
        JSON.stringify(params),
      ).toBe(404);
    // An item of another queue through a queue the member works: 404, never the item.
    const [row] = pages.filter((p) => p.name === "one item");
    const sara = h.staff("rasmus");
    expect(
      await statusOf(() =>
        item.loader({
          request: h.get("/personal/koer/skyddad/x"),
          context: sara,
          params: { queue: "skyddad", itemId: row!.params.itemId! },
        }),
      ),
    ).toBe(404);
  });
});
