import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { attachment, auditEvent, robotItem, robotItemEvent, submission, submissionEvent } from "#db/schema";
import { storeFile } from "~/attachments/store-file.server";
import { seal } from "~/crypto/envelope";
import { submissionPageLoader } from "~/my-pages/submission.server";
import * as item from "~/routes/personal._konsol.koer.$queue.$itemId._index";
import * as itemFile from "~/routes/personal._konsol.koer.$queue.$itemId.filer.$fileId";
import * as queue from "~/routes/personal._konsol.koer.$queue._index";
import * as overview from "~/routes/personal._konsol.koer._index";
import { queueOverview, registerByHand, requeueItem } from "~/staff/queues/queues.server";
import { saveRetention } from "~/retention/settings.server";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const notices = async (h: StaffHarness, submissionId: string, kind: string) =>
  (
    await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from pgboss.job
          where name = 'notice' and data->>'submissionId' = ${submissionId} and data->>'kind' = ${kind}`,
    )
  )[0]!.n;

const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;
const statusOfData = (value: unknown) => (value as { init?: { status?: number } }).init?.status ?? 200;

describeEachDatabase("manual handling of failed queue items", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    // No retries: an application exception dead-letters at once.
    h = await startStaffHarness(kind, { policy: { retryLimit: 0 } });
  });
  afterEach(() => h?.close());

  async function failedReport(how: "business" | "application" = "business", identified = true) {
    const sent = await h.report({ identified });
    const robot = await h.robot(["mottagning-vuxna"]);
    expect(await robot.claim("mottagning-vuxna")).toContain(sent.itemId);
    await robot.fail(
      sent.itemId!,
      how,
      how === "business" ? "Kategorin finns inte i verksamhetssystemet" : "Treserva svarar inte",
    );
    return { ...sent, robot };
  }

  const params = (itemId: string) => ({ queue: "mottagning-vuxna", itemId });
  const url = (itemId: string) => `/personal/koer/mottagning-vuxna/${itemId}`;

  it("lists a business exception, opens it audited, and registers it by hand with the robot's effect for the person", async () => {
    const sent = await failedReport();
    const viktor = h.staff("viktor");

    const listed = (await queue.loader({
      request: h.get("/personal/koer/mottagning-vuxna"),
      context: viktor,
      params: { queue: "mottagning-vuxna" },
    } as never)) as Awaited<ReturnType<typeof queue.loader>>;
    expect(listed.items.map((i) => [i.reference, i.state, i.reason])).toEqual([
      [sent.reference, "business_exception", "Kategorin finns inte i verksamhetssystemet"],
    ]);
    expect(listed.overview).toMatchObject({ queue: "mottagning-vuxna", waiting: 0, inProgress: 0, toHandle: 1 });

    const page = (await item.loader({
      request: h.get(url(sent.itemId!)),
      context: viktor,
      params: params(sent.itemId!),
    } as never)) as Awaited<ReturnType<typeof item.loader>>;
    expect(page.detail.item).toMatchObject({ state: "business_exception", handleable: true });
    expect(page.detail.sender).toMatchObject({ personnummer: "198503129820", name: "Anna Andersson" });
    expect(page.sections.find((s) => s.stepId === "oro")!.groups[0]!.find((r) => r.fieldId === "what")!.value).toBe(
      "Jag är orolig.",
    );
    expect(page.detail.history.map((e) => e.kind)).toEqual(["queued", "claimed", "business_exception"]);
    const reads = await h.database.db
      .select({ action: auditEvent.action, details: auditEvent.details })
      .from(auditEvent)
      .where(and(eq(auditEvent.actorKind, "staff"), eq(auditEvent.actorId, "staff:viktor")));
    expect(reads.map((r) => r.action)).toEqual(expect.arrayContaining(["submission_read", "person_read"]));
    expect(reads.find((r) => r.action === "submission_read")!.details).toEqual({ purpose: "manual_handling" });

    // The administrator has set 14 days after registration for reports.
    expect(
      (
        await saveRetention(
          h.database.db,
          { kind: "staff", id: "staff:alva" },
          "orosanmalan",
          { afterRegistrationDays: "14", draftDays: "30" },
          30,
        )
      ).ok,
    ).toBe(true);

    const response = await item.action({
      request: h.post(url(sent.itemId!), { intent: "register", caseNumber: "IFO 2026-0042", caseSystem: "Treserva" }),
      context: viktor,
      params: params(sent.itemId!),
    } as never);
    expect((response as Response).status).toBe(303);
    expect((response as Response).headers.get("location")).toBe(
      `/personal/koer/mottagning-vuxna?klart=registered&ref=${sent.reference}`,
    );

    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row).toMatchObject({ status: "registered", caseNumber: "IFO 2026-0042", caseSystem: "Treserva" });
    expect((row!.retainUntil!.getTime() - row!.registeredAt!.getTime()) / 86_400_000).toBeCloseTo(14, 3);
    const events = await h.database.db
      .select()
      .from(submissionEvent)
      .where(eq(submissionEvent.submissionId, sent.submissionId));
    expect(events.find((e) => e.kind === "registered")).toMatchObject({
      visibleToPerson: true,
      details: { caseNumber: "IFO 2026-0042", caseSystem: "Treserva", manual: true },
    });
    expect(await notices(h, sent.submissionId, "status")).toBe(1);
    const [itemRow] = await h.database.db.select().from(robotItem).where(eq(robotItem.id, sent.itemId!));
    expect(itemRow).toMatchObject({ state: "successful", caseNumber: "IFO 2026-0042" });
    const [byHand] = await h.database.db
      .select()
      .from(robotItemEvent)
      .where(and(eq(robotItemEvent.itemId, sent.itemId!), eq(robotItemEvent.kind, "registered_by_hand")));
    expect(byHand!.details).toMatchObject({ staff: "staff:viktor", caseNumber: "IFO 2026-0042" });
    const [audited] = await h.database.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.action, "robot_item_registered_by_hand"));
    expect(audited).toMatchObject({ actorId: "staff:viktor", subjectKind: "robot_item", subjectId: sent.itemId });

    // The person's Mina sidor shows it registered with the case number.
    const mine = await submissionPageLoader(
      h.get(`/mina-sidor/arenden/${sent.reference}`),
      h.resident(h.annaId),
      sent.reference,
    );
    expect(mine.status).toBe("registered");
    expect(mine.caseNumber).toBe("IFO 2026-0042");
    expect(mine.events.map((e) => e.kind)).toContain("registered");

    // Gone from the list; the queue has nothing to handle.
    expect((await queueOverview(h.database.db, ["mottagning-vuxna"]))[0]!.toHandle).toBe(0);

    // Registering again, or requeueing now, is refused with the case number it has.
    const again = await item.action({
      request: h.post(url(sent.itemId!), { intent: "requeue", reason: "Försök igen" }),
      context: viktor,
      params: params(sent.itemId!),
    } as never);
    expect(statusOfData(again)).toBe(409);
    expect(dataOf<Awaited<ReturnType<typeof item.loader>>>(again).refusal).toEqual({
      ok: false,
      reason: "already_registered",
      caseNumber: "IFO 2026-0042",
    });
    expect(
      await registerByHand(
        { db: h.database.db, boss: h.boss },
        { kind: "staff", id: "staff:rasmus" },
        "mottagning-vuxna",
        sent.itemId!,
        {
          caseNumber: "X-1",
          caseSystem: "Treserva",
        },
      ),
    ).toMatchObject({ ok: false, reason: "already_registered" });
  });

  it("puts a corrected item back on a queue as new work, with the reason in its history, once", async () => {
    const sent = await failedReport();
    const deps = { db: h.database.db, boss: h.boss };
    const viktor = { kind: "staff" as const, id: "staff:viktor" };
    const outcome = await requeueItem(deps, viktor, "mottagning-vuxna", sent.itemId!, {
      reason: "Personen finns nu i Treserva",
    });
    expect(outcome.ok).toBe(true);
    const newItemId = (outcome as { newItemId: string }).newItemId;
    expect(newItemId).not.toBe(sent.itemId);

    // The robot gets it again, as new work with the same reference.
    expect(await sent.robot.claim("mottagning-vuxna")).toEqual([newItemId]);
    const history = await h.database.db.select().from(robotItemEvent).where(eq(robotItemEvent.itemId, newItemId));
    expect(history.map((e) => e.kind)).toEqual(["queued", "requeued_from", "claimed"]);
    expect(history[1]!.details).toMatchObject({ reason: "Personen finns nu i Treserva", previousItemId: sent.itemId });
    const [old] = await h.database.db
      .select()
      .from(robotItemEvent)
      .where(and(eq(robotItemEvent.itemId, sent.itemId!), eq(robotItemEvent.kind, "requeued")));
    expect(old!.details).toMatchObject({ newItemId, reason: "Personen finns nu i Treserva", staff: "staff:viktor" });

    // The old one is handled: not listed, and a second requeue is refused.
    expect((await queueOverview(h.database.db, ["mottagning-vuxna"]))[0]).toMatchObject({ toHandle: 0, inProgress: 1 });
    expect(await requeueItem(deps, viktor, "mottagning-vuxna", sent.itemId!, { reason: "Igen" })).toEqual({
      ok: false,
      reason: "already_requeued",
    });
    // A reason is required.
    const other = await failedReport();
    expect(await requeueItem(deps, viktor, "mottagning-vuxna", other.itemId!, { reason: " " })).toEqual({
      ok: false,
      reason: "invalid",
      fields: ["reason"],
    });
  });

  it("moves an item routed to the wrong queue to another one", async () => {
    const sent = await failedReport();
    const outcome = await requeueItem(
      { db: h.database.db, boss: h.boss },
      { kind: "staff", id: "staff:rasmus" },
      "mottagning-vuxna",
      sent.itemId!,
      {
        reason: "Gäller ett barn, fel mottagning",
        targetQueue: "mottagning-barn-unga",
      },
    );
    expect(outcome.ok).toBe(true);
    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row!.queue).toBe("mottagning-barn-unga");
    const barn = await h.robot(["mottagning-barn-unga"]);
    expect(await barn.claim("mottagning-barn-unga")).toEqual([(outcome as { newItemId: string }).newItemId]);
  });

  it("handles a dead-lettered item the same way", async () => {
    const sent = await failedReport("application");
    const [row] = await h.database.db.select().from(robotItem).where(eq(robotItem.id, sent.itemId!));
    expect(row!.state).toBe("dead_lettered");
    const listed = (await queue.loader({
      request: h.get("/personal/koer/mottagning-vuxna"),
      context: h.staff("viktor"),
      params: { queue: "mottagning-vuxna" },
    } as never)) as Awaited<ReturnType<typeof queue.loader>>;
    expect(listed.items.map((i) => i.state)).toEqual(["dead_lettered"]);
    const results = await Promise.all(
      ["viktor", "rasmus"].map((who) =>
        registerByHand(
          { db: h.database.db, boss: h.boss },
          { kind: "staff", id: `staff:${who}` },
          "mottagning-vuxna",
          sent.itemId!,
          {
            caseNumber: `IFO-${who}`,
            caseSystem: "Lifecare",
          },
        ),
      ),
    );
    // Two caseworkers at once: exactly one registers it; the other is told it already is.
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: "already_registered" });
    expect(await notices(h, sent.submissionId, "status")).toBe(1);
  });

  it("refuses a malformed case number with 400, and anything on an item that is not waiting for a person", async () => {
    const sent = await failedReport();
    const viktor = h.staff("viktor");
    const bad = await item.action({
      request: h.post(url(sent.itemId!), { intent: "register", caseNumber: "<script>", caseSystem: "" }),
      context: viktor,
      params: params(sent.itemId!),
    } as never);
    expect(statusOfData(bad)).toBe(400);
    expect(dataOf<Awaited<ReturnType<typeof item.loader>>>(bad).refusal).toEqual({
      ok: false,
      reason: "invalid",
      fields: ["caseNumber", "caseSystem"],
    });
    // A waiting item (the robot has not failed it) is not for manual handling.
    const waiting = await h.report();
    expect(
      await registerByHand(
        { db: h.database.db, boss: h.boss },
        { kind: "staff", id: "staff:viktor" },
        "mottagning-vuxna",
        waiting.itemId!,
        {
          caseNumber: "IFO-1",
          caseSystem: "Treserva",
        },
      ),
    ).toEqual({ ok: false, reason: "not_waiting" });
    // An unknown intent.
    expect(
      (
        await thrown(
          item.action({
            request: h.post(url(sent.itemId!), { intent: "delete" }),
            context: viktor,
            params: params(sent.itemId!),
          } as never),
        )
      ).status,
    ).toBe(400);
    // A member of another unit cannot act on it.
    expect(
      (
        await thrown(
          item.action({
            request: h.post(url(sent.itemId!), { intent: "register", caseNumber: "IFO-1", caseSystem: "Treserva" }),
            context: h.staff("elin"),
            params: params(sent.itemId!),
          } as never),
        )
      ).status,
    ).toBe(403);
  });

  it("streams an item's file to the caseworker and audits the read", async () => {
    const sent = await failedReport();
    const id = randomUUID();
    const { keyring } = h.config.secrets;
    const stored = await storeFile(Readable.from([Buffer.from("%PDF-1.4\n%test\n")]), {
      keyring,
      store: h.files,
      scanner: null,
      maxBytes: 1024 * 1024,
      context: `attachment:${id}`,
      key: id,
    });
    if (!stored.ok) throw new Error(stored.reason);
    await h.database.db.insert(attachment).values({
      id,
      submissionId: sent.submissionId,
      ruleId: "bilaga",
      filenameSealed: seal(keyring, "intyg.pdf", `attachment.filename:${id}`),
      contentType: stored.contentType,
      sizeBytes: stored.size,
      sha256: stored.sha256,
      storageKey: id,
      keyId: stored.keyId,
      wrappedKey: stored.wrappedKey,
      noncePrefix: stored.noncePrefix,
    });
    const response = (await itemFile.loader({
      request: h.get("/x"),
      context: h.staff("viktor"),
      params: { ...params(sent.itemId!), fileId: id },
    } as never)) as Response;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("%PDF-1.4\n%test\n");
    const [read] = await h.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "attachment_read"), eq(auditEvent.subjectId, id)));
    expect(read).toMatchObject({ actorId: "staff:viktor", details: { purpose: "manual_handling", item: sent.itemId } });
  });

  it("shows every queue's counts to the administrator and only their own to a caseworker", async () => {
    await failedReport();
    const admin = (await overview.loader({
      request: h.get("/personal/koer"),
      context: h.staff("alva"),
      params: {},
    } as never)) as Awaited<ReturnType<typeof overview.loader>>;
    expect(admin.queues.map((q) => q.queue)).toEqual([
      "mottagning-barn-unga",
      "mottagning-vuxna",
      "ekonomiskt-bistand",
      "familjeratt",
      "skyddad",
    ]);
    expect(admin.workable).toEqual([]);
    expect(admin.queues.find((q) => q.queue === "mottagning-vuxna")!.toHandle).toBe(1);
    const sara = (await overview.loader({
      request: h.get("/personal/koer"),
      context: h.staff("sara"),
      params: {},
    } as never)) as Awaited<ReturnType<typeof overview.loader>>;
    expect(sara.queues.map((q) => q.queue)).toEqual(["mottagning-barn-unga"]);
    // Waiting items and the oldest's age.
    await h.report();
    await h.database.db.execute(
      sql`update pgboss.job set created_on = now() - interval '2 hours' where name = 'intake.mottagning-vuxna' and state = 'created'`,
    );
    const [vuxna] = await queueOverview(h.database.db, ["mottagning-vuxna"]);
    expect(vuxna!.waiting).toBe(1);
    expect(vuxna!.oldestSeconds).toBeGreaterThan(7190);
  });
});
