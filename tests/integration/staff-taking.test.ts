import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvent, robotItem } from "#db/schema";
import { itemEvents } from "~/queue/robot-items.server";
import * as item from "~/routes/personal._konsol.koer.$queue.$itemId._index";
import * as queue from "~/routes/personal._konsol.koer.$queue._index";
import { recordStaffMember } from "~/auth/staff-directory.server";
import { takeItem } from "~/staff/queues/queues.server";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, type StaffHarness } from "../support/staff-harness";

type ItemPage = Awaited<ReturnType<typeof item.loader>>;
const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;
const statusOf = (value: unknown) =>
  value instanceof Response ? value.status : ((value as { init?: { status?: number } }).init?.status ?? 200);

/**
 * Two caseworkers of one queue (Viktor and Rasmus, both in mottagning vuxna) at the same item:
 * one takes it, the other sees who has it and can take it over only with a reason, which the
 * item's events (the robot's too) and the audit log keep.
 */
describeEachDatabase("taking an item for manual handling", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
    // Both have logged in once: the staff directory knows their names.
    await recordStaffMember(h.database.db, h.config.secrets.keyring, { subject: "staff:viktor", name: "Viktor Vall" });
    await recordStaffMember(h.database.db, h.config.secrets.keyring, { subject: "staff:rasmus", name: "Rasmus Rask" });
  });
  afterEach(() => h?.close());

  async function businessException() {
    const sent = await h.report({ identified: true });
    const robot = await h.robot(["mottagning-vuxna"]);
    await robot.claim("mottagning-vuxna");
    await robot.fail(sent.itemId!, "business", "Kategorin finns inte i verksamhetssystemet");
    return { ...sent, robot };
  }

  const params = (itemId: string) => ({ queue: "mottagning-vuxna", itemId });
  const url = (itemId: string) => `/personal/koer/mottagning-vuxna/${itemId}`;
  const post = (who: string, itemId: string, form: Record<string, string>) =>
    item.action({ request: h.post(url(itemId), form), context: h.staff(who), params: params(itemId) } as never);
  const open = async (who: string, itemId: string, query = "") =>
    (await item.loader({
      request: h.get(`${url(itemId)}${query}`),
      context: h.staff(who),
      params: params(itemId),
    } as never)) as ItemPage;

  it("lets one caseworker take an item, shows who has it, and lets another take it over only with a reason", async () => {
    const sent = await businessException();
    const itemId = sent.itemId!;
    expect((await open("viktor", itemId)).detail.item.taken).toBeNull();

    const took = (await post("viktor", itemId, { intent: "take" })) as Response;
    expect(took.status).toBe(303);
    expect(took.headers.get("location")).toBe(`${url(itemId)}?klart=taken`);
    const mine = await open("viktor", itemId, "?klart=taken");
    expect(mine.done).toBe("taken");
    expect(mine.detail.item.taken).toMatchObject({ by: "staff:viktor", name: "Viktor Vall" });

    // Rasmus sees who has it, on the item and in the queue's list.
    const seen = await open("rasmus", itemId);
    expect(seen.me).toBe("staff:rasmus");
    expect(seen.detail.item.taken).toMatchObject({ by: "staff:viktor", name: "Viktor Vall" });
    const listed = (await queue.loader({
      request: h.get("/personal/koer/mottagning-vuxna"),
      context: h.staff("rasmus"),
      params: { queue: "mottagning-vuxna" },
    } as never)) as Awaited<ReturnType<typeof queue.loader>>;
    expect(listed.items.map((i) => [i.id, i.takenByName])).toEqual([[itemId, "Viktor Vall"]]);

    // While Viktor has it, Rasmus can neither register nor requeue it, nor simply take it.
    const attempts: Record<string, string>[] = [
      { intent: "register", caseNumber: "IFO 2026-1", caseSystem: "Treserva" },
      { intent: "requeue", reason: "Rättat i Treserva" },
      { intent: "take" },
    ];
    for (const form of attempts) {
      const refused = await post("rasmus", itemId, form);
      expect(statusOf(refused)).toBe(409);
      expect(dataOf<ItemPage>(refused).refusal).toMatchObject({
        reason: "taken_by_colleague",
        takenBy: "staff:viktor",
        takenByName: "Viktor Vall",
      });
    }
    const [untouched] = await h.database.db.select().from(robotItem).where(eq(robotItem.id, itemId));
    expect(untouched).toMatchObject({ state: "business_exception", takenBy: "staff:viktor" });

    // A take-over needs a reason.
    const noReason = await post("rasmus", itemId, { intent: "takeover", takeoverReason: "  " });
    expect(statusOf(noReason)).toBe(400);
    expect(dataOf<ItemPage>(noReason).refusal).toMatchObject({ reason: "invalid", fields: ["takeoverReason"] });

    const takenOver = (await post("rasmus", itemId, {
      intent: "takeover",
      takeoverReason: "Viktor är ledig i dag",
    })) as Response;
    expect(takenOver.status).toBe(303);
    const now = await open("viktor", itemId);
    expect(now.detail.item.taken).toMatchObject({ by: "staff:rasmus", name: "Rasmus Rask" });
    // The events name people, and keep the reason.
    expect(now.detail.history.filter((e) => e.kind.startsWith("taken"))).toMatchObject([
      { kind: "taken", staff: "Viktor Vall", from: null },
      { kind: "taken_over", staff: "Rasmus Rask", from: "Viktor Vall", details: { reason: "Viktor är ledig i dag" } },
    ]);

    // Now Viktor is the one refused, and Rasmus registers it.
    expect(statusOf(await post("viktor", itemId, { intent: "requeue", reason: "Rättat" }))).toBe(409);
    const registered = (await post("rasmus", itemId, {
      intent: "register",
      caseNumber: "IFO 2026-0042",
      caseSystem: "Treserva",
    })) as Response;
    expect(registered.status).toBe(303);
    const done = await open("rasmus", itemId);
    expect(done.detail.item).toMatchObject({ state: "successful", handleable: false, taken: null });
    expect(done.detail.history.find((e) => e.kind === "registered_by_hand")).toMatchObject({ staff: "Rasmus Rask" });

    // The robot reads the take-over, with who from whom and why, in the item's events.
    const events = await itemEvents(
      h.queue,
      { tokenId: sent.robot.tokenId, name: "Testrobot", queues: ["mottagning-vuxna"] },
      itemId,
    );
    expect(events.find((e) => e.kind === "taken_over")).toMatchObject({
      robot: null,
      details: { staff: "staff:rasmus", from: "staff:viktor", reason: "Viktor är ledig i dag" },
    });

    // Audited: who took it, and from whom; the reason stays in the item's history.
    const audited = await h.database.db
      .select({ action: auditEvent.action, actorId: auditEvent.actorId, details: auditEvent.details })
      .from(auditEvent)
      .where(eq(auditEvent.subjectId, itemId));
    expect(audited.filter((a) => a.action.startsWith("robot_item_taken"))).toMatchObject([
      { action: "robot_item_taken", actorId: "staff:viktor" },
      { action: "robot_item_taken_over", actorId: "staff:rasmus", details: { from: "staff:viktor" } },
    ]);
    expect(JSON.stringify(audited)).not.toContain("ledig");
  });

  it("gives one of two caseworkers taking a free item at the same moment the item, and tells the other who has it", async () => {
    const sent = await businessException();
    const deps = { db: h.database.db, boss: h.boss };
    const outcomes = await Promise.all(
      ["staff:viktor", "staff:rasmus"].map((id) =>
        takeItem(deps, { kind: "staff", id }, "mottagning-vuxna", sent.itemId!),
      ),
    );
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    const [row] = await h.database.db.select().from(robotItem).where(eq(robotItem.id, sent.itemId!));
    expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: "taken_by_colleague", takenBy: row!.takenBy });
  });

  it("lets the holder give an item back so anyone may take it, and refuses it on an item that waits for nobody", async () => {
    const sent = await businessException();
    const itemId = sent.itemId!;
    expect(statusOf(await post("viktor", itemId, { intent: "release" }))).toBe(409);
    await post("viktor", itemId, { intent: "take" });
    // Only the holder gives it back.
    expect(dataOf<ItemPage>(await post("rasmus", itemId, { intent: "release" })).refusal).toMatchObject({
      reason: "taken_by_colleague",
    });
    const released = (await post("viktor", itemId, { intent: "release" })) as Response;
    expect(released.headers.get("location")).toBe(`${url(itemId)}?klart=released`);
    expect((await open("rasmus", itemId)).detail.item.taken).toBeNull();
    expect(((await post("rasmus", itemId, { intent: "take" })) as Response).status).toBe(303);
    expect((await open("rasmus", itemId)).detail.history.map((e) => e.kind).slice(-3)).toEqual([
      "taken",
      "released",
      "taken",
    ]);

    // An item the robot is working on waits for nobody: nothing to take.
    const busy = await h.report({ identified: true });
    await sent.robot.claim("mottagning-vuxna");
    expect(dataOf<ItemPage>(await post("viktor", busy.itemId!, { intent: "take" })).refusal).toMatchObject({
      reason: "not_waiting",
    });
    // An unknown intent is a bad request.
    expect(statusOf(await post("viktor", itemId, { intent: "steal" }).catch((e: unknown) => e))).toBe(400);
  });
});
