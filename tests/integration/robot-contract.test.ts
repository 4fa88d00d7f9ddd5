import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { submission, submissionEvent } from "#db/schema";
import { drainQueue, reconcile, whenOpen } from "~/cli/lib/reference-robot-core";
import { RobotApiCallError, RobotClient } from "~/cli/lib/robot-client";
import { findItem as findStaffItem, itemDetail, registerByHand } from "~/staff/queues/queues.server";
import { describeEachDatabase } from "../support/databases";
import { startRobotHarness, type RobotHarness } from "../support/robot-harness";

/**
 * What an RPA team's robot relies on beyond claiming and completing (docs/decisions/014-robot-contract.md):
 * statuses that need a registered case, a completion sent again after its answer was lost,
 * arrival order, postponing without failing, and finding its work again (reconciling).
 */

async function refusal(call: Promise<unknown>): Promise<RobotApiCallError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof RobotApiCallError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const notices = async (h: RobotHarness, submissionId: string) =>
  (
    await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from pgboss.job where name = 'notice' and data->>'submissionId' = ${submissionId}`,
    )
  )[0]!.n;

describeEachDatabase("the robot contract", (kind) => {
  let h: RobotHarness;
  beforeEach(async () => {
    h = await startRobotHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it("refuses a status that implies registration until the item is registered", async () => {
    const sent = await h.submit({ identified: true });
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    for (const status of ["closed", "registered"] as const) {
      const refused = await refusal(client.status(item!.id, { idempotencyKey: `s-${status}`, status }));
      expect([refused.status, refused.code]).toEqual([409, "not_registered"]);
    }
    const [before] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(before!.status).toBe("received");
    expect(await notices(h, sent.submissionId)).toBe(1); // the receipt's only
    // A text alone says nothing about registration and is allowed.
    await client.status(item!.id, { idempotencyKey: "text", text: "Vi har tagit emot din anmälan." });

    await client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "2026-1", caseSystem: "Lifecare" });
    const closed = await client.status(item!.id, { idempotencyKey: "s-closed", status: "closed" });
    expect(closed.replayed).toBe(false);
    const [after] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(after!.status).toBe("closed");
  });

  it("answers a completion sent again with the same case as before, replayed, and refuses another case", async () => {
    const sent = await h.submit({ identified: true });
    const robot = await h.robot([sent.queue]);
    const [item] = await robot.client.claim(sent.queue);
    const body = { leaseId: item!.lease.id, caseNumber: "2026-123", caseSystem: "Lifecare" };
    const post = async (json: unknown) => {
      const response = await fetch(`${h.url}/api/robot/v1/items/${item!.id}/complete`, {
        method: "POST",
        headers: { Authorization: `Bearer ${robot.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(json),
      });
      return { status: response.status, body: (await response.json()) as { item: Record<string, unknown> } };
    };
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body.item.replayed).toBe(false);
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body.item).toEqual({ ...first.body.item, replayed: true });

    const other = await post({ ...body, caseNumber: "2026-999" });
    expect([other.status, (other.body as unknown as { error: { code: string } }).error.code]).toEqual([
      409,
      "already_completed",
    ]);
    // Another robot sending the same case is not the one whose answer was lost.
    const stranger = await h.robot([sent.queue], "Annan robot");
    expect((await refusal(stranger.client.complete(item!.id, body))).code).toBe("already_completed");

    const registered = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.kind, "registered")));
    expect(registered).toHaveLength(1);
    expect(await notices(h, sent.submissionId)).toBe(2); // the receipt and one status
    expect((await robot.client.events(item!.id)).filter((e) => e.kind === "completed")).toHaveLength(1);
  });

  it("keeps a completion's structured output for the robot and staff, never for the person", async () => {
    const sent = await h.submit({ identified: true });
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    const base = { leaseId: item!.lease.id, caseNumber: "2026-55", caseSystem: "Treserva" };
    const tooBig = { extra: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, "x".repeat(500)])) };
    const refused = await refusal(client.complete(item!.id, { ...base, output: tooBig }));
    expect([refused.status, refused.code]).toEqual([400, "invalid_request"]);
    const nested = await refusal(client.complete(item!.id, { ...base, output: { extra: { a: { b: 1 } } } as never }));
    expect(nested.code).toBe("invalid_request");

    const output = {
      diarienummer: "SN 2026/123",
      unit: "Mottagningen vuxna",
      caseworkerId: "hl4711",
      extra: { kategori: 3 },
    };
    const done = await client.complete(item!.id, { ...base, output });
    expect(done).toMatchObject({ state: "successful", output, replayed: false });
    expect((await client.item(item!.id)).output).toEqual(output);
    // Staff see it on the item's page.
    const row = await findStaffItem(h.database.db, sent.queue, item!.id);
    const detail = await itemDetail(h.database.db, h.keyring, { kind: "staff", id: "viktor" }, row!);
    expect(detail.item.output).toEqual(output);
    // Key order does not matter to a replay; other content does.
    const reordered = {
      extra: { kategori: 3 },
      caseworkerId: "hl4711",
      unit: "Mottagningen vuxna",
      diarienummer: "SN 2026/123",
    };
    expect((await client.complete(item!.id, { ...base, output: reordered })).replayed).toBe(true);
    expect((await refusal(client.complete(item!.id, { ...base, output: { unit: "Annan" } }))).code).toBe(
      "already_completed",
    );
    const visible = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.visibleToPerson, true)));
    expect(JSON.stringify(visible)).not.toContain("hl4711");
    expect(JSON.stringify(visible)).not.toContain("SN 2026/123");
  });

  it("claims the oldest first within a priority, whatever the batch size", async () => {
    const sent = [];
    for (let i = 0; i < 7; i++) sent.push(await h.submit({ acute: i === 4 }));
    const acute = sent[4]!;
    const ordinary = sent.filter((s) => s !== acute);
    const arrival = [acute, ...ordinary].map((s) => s.reference);

    const a = await h.robot([acute.queue], "A");
    const batch = await a.client.claim(acute.queue, 10);
    expect(batch.map((i) => i.reference)).toEqual(arrival);
    for (const item of batch)
      await a.client.fail(item.id, { leaseId: item.lease.id, kind: "application", reason: "nere" });
    for (const s of sent) await h.skipBackoff(s.itemId);

    const pairs: string[] = [];
    for (;;) {
      const claimed = await a.client.claim(acute.queue, 2);
      if (claimed.length === 0) break;
      pairs.push(...claimed.map((i) => i.reference));
    }
    expect(pairs).toEqual(arrival);
  });

  it("shows when a failed item may be claimed again, and an expired lease at once", async () => {
    await h.close();
    h = await startRobotHarness(kind, { policy: { leaseSeconds: 1, retryDelaySeconds: 30, retryLimit: 3 } });
    const failing = await h.submit();
    const expiring = await h.submit();
    const { client } = await h.robot([failing.queue]);
    const [first, second] = await client.claim(failing.queue, 2);
    expect(first!.id).toBe(failing.itemId);
    expect(second!.id).toBe(expiring.itemId);
    await client.extendLease(first!.id, first!.lease.id, 60);
    const failed = await client.fail(first!.id, { leaseId: first!.lease.id, kind: "application", reason: "nere" });
    const shown = await client.item(first!.id);
    expect(shown.state).toBe("failed_application");
    expect(shown.nextAttemptAt).toBe(failed.nextAttemptAt);
    expect(Date.parse(shown.nextAttemptAt!)).toBeGreaterThan(Date.now() + 25_000);

    await new Promise((r) => setTimeout(r, 1200));
    // No claim and no maintenance ran: reading the item is enough to see its lease gone.
    const lapsed = await client.item(second!.id);
    expect(lapsed.state).toBe("abandoned");
    expect(lapsed.lease).toBeNull();
    expect(lapsed.nextAttemptAt).not.toBeNull();
    expect((await client.events(second!.id)).map((e) => e.kind)).toEqual(["queued", "claimed", "abandoned"]);
  });

  it("postpones a held item to a later time without a failure, a retry or a backoff", async () => {
    const sent = await h.submit();
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    const until = new Date(Date.now() + 8 * 3600_000).toISOString();

    for (const bad of [new Date(Date.now() - 60_000), new Date(Date.now() + 8 * 86_400_000)]) {
      const refused = await refusal(
        client.postpone(item!.id, { leaseId: item!.lease.id, until: bad.toISOString(), reason: "Stängt" }),
      );
      expect([refused.status, refused.code]).toEqual([400, "invalid_request"]);
    }
    const postponed = await client.postpone(item!.id, {
      leaseId: item!.lease.id,
      until,
      reason: "Verksamhetssystemet är stängt för natten",
    });
    expect(postponed).toMatchObject({ state: "postponed", lease: null, nextAttemptAt: until, attempts: 0 });
    expect(await client.item(item!.id)).toMatchObject({ state: "postponed", nextAttemptAt: until });
    expect(await client.claim(sent.queue)).toEqual([]);
    const job = await h.jobState(sent.itemId);
    expect(job).toMatchObject({ state: "created", retryCount: 0 });
    // The held lease is over: completing under it is refused.
    const late = await refusal(
      client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "X", caseSystem: "Y" }),
    );
    expect(late.code).toBe("item_not_held");

    await h.skipBackoff(sent.itemId);
    const [again] = await client.claim(sent.queue);
    expect(again!.id).toBe(item!.id);
    expect(again!.attempt).toBe(1);
    expect((await h.jobState(sent.itemId))!.retryCount).toBe(0);
    const kinds = (await client.events(item!.id)).map((e) => [e.kind, e.details.until ?? null]);
    expect(kinds).toEqual([
      ["queued", null],
      ["claimed", null],
      ["postponed", until],
      ["claimed", null],
    ]);
  });

  it("lists a token's items by state and time a page at a time, and finds one by its receipt number", async () => {
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await h.submit());
    const hidden = await h.submit({ restricted: true });
    const queue = sent[0]!.queue;
    const { client } = await h.robot([queue]);
    const [business] = await client.claim(queue);
    await client.fail(business!.id, { leaseId: business!.lease.id, kind: "business", reason: "Okänd person" });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.list({ limit: 2, cursor });
      seen.push(...page.items.map((i) => i.reference));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(sent.map((s) => s.reference));
    expect(seen).not.toContain(hidden.reference);

    const failed = await client.list({ state: ["business_exception", "dead_lettered"] });
    expect(failed.items.map((i) => [i.reference, i.state, i.reason])).toEqual([
      [sent[0]!.reference, "business_exception", "Okänd person"],
    ]);
    expect((await client.list({ state: ["new"], queue })).items).toHaveLength(4);
    const since = (await client.item(sent[3]!.itemId)).createdAt;
    expect((await client.list({ since })).items.map((i) => i.reference)).toEqual(sent.slice(3).map((s) => s.reference));
    expect((await client.list({ until: since })).items).toHaveLength(3);

    const found = await client.list({ reference: sent[2]!.reference });
    expect(found.items.map((i) => i.id)).toEqual([sent[2]!.itemId]);
    // Another queue's receipt number is not found through this token, and its queue is refused.
    expect((await client.list({ reference: hidden.reference })).items).toEqual([]);
    expect((await refusal(client.list({ queue: "skyddad" }))).code).toBe("queue_out_of_scope");
    for (const bad of [
      { state: ["gone"] },
      { limit: 0 },
      { limit: 101 },
      { cursor: "not-a-cursor" },
      { since: "igår" },
    ])
      expect((await refusal(client.list(bad))).code).toBe("invalid_request");
  });

  it("tells the robot when a person has registered an item it could not", async () => {
    const sent = await h.submit();
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    await client.fail(item!.id, { leaseId: item!.lease.id, kind: "business", reason: "Okänd person" });
    expect((await client.item(item!.id)).handledByPerson).toBeNull();
    const handled = await registerByHand(
      { db: h.database.db, boss: h.boss },
      { kind: "staff", id: "sara" },
      sent.queue,
      item!.id,
      { caseNumber: "IFO-7", caseSystem: "Treserva" },
    );
    expect(handled.ok).toBe(true);
    const [listed] = (await client.list({ state: ["successful"] })).items;
    expect(listed).toMatchObject({
      id: item!.id,
      caseNumber: "IFO-7",
      handledByPerson: { action: "registered_by_hand", staffId: "sara" },
    });
    expect(Date.parse(listed!.handledByPerson!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await client.item(item!.id)).handledByPerson).toEqual(listed!.handledByPerson);
  });

  it("lets the reference robot postpone at night, reconcile in the morning and complete", async () => {
    const sent = [await h.submit(), await h.submit()];
    const queue = sent[0]!.queue;
    const { token } = await h.robot([queue]);
    const client = new RobotClient({ url: h.url, token });
    const out = await mkdtemp(path.join(tmpdir(), "ingang-robot-day-"));
    try {
      // 23:30 with the case system closed 22–06: both are postponed to 06:00, nothing fails.
      const night = new Date(2026, 11, 7, 23, 30);
      expect(whenOpen({ from: 22, to: 6 }, night)).toEqual(new Date(2026, 11, 8, 6, 0));
      expect(whenOpen({ from: 22, to: 6 }, new Date(2026, 11, 8, 9, 0))).toBeNull();
      const realNow = new Date();
      const closedNow = { from: realNow.getHours(), to: (realNow.getHours() + 2) % 24 };
      const evening = await drainQueue(client, { queue, out, closedHours: closedNow });
      expect(evening).toMatchObject({ handled: 2, postponed: 2, failed: 0, errors: 0 });
      for (const s of sent) expect((await client.item(s.itemId)).state).toBe("postponed");

      // In the morning it registers one and cannot register the other; a person then registers that by hand.
      for (const s of sent) await h.skipBackoff(s.itemId);
      const morning = await drainQueue(client, { queue, out, failures: new Map([[sent[1]!.reference, "business"]]) });
      expect(morning).toMatchObject({ handled: 2, completed: 1, failed: 1, errors: 0 });
      expect(await reconcile(client, { queue, out })).toEqual({
        checked: 2,
        handledByPerson: [],
        withPeople: [sent[1]!.reference],
      });
      await registerByHand({ db: h.database.db, boss: h.boss }, { kind: "staff", id: "sara" }, queue, sent[1]!.itemId, {
        caseNumber: "IFO-9",
        caseSystem: "Treserva",
      });

      // The next reconcile tells it so, and writes where each item stands beside its folder.
      expect(await reconcile(client, { queue, out })).toEqual({
        checked: 2,
        handledByPerson: [sent[1]!.reference],
        withPeople: [],
      });
      const state = JSON.parse(
        await readFile(path.join(out, sent[1]!.reference, `portal-state-${sent[1]!.itemId}.json`), "utf8"),
      );
      expect(state).toMatchObject({ state: "successful", caseNumber: "IFO-9", handledByPerson: { staffId: "sara" } });
      expect(await readdir(path.join(out, sent[0]!.reference))).toContain(`portal-state-${sent[0]!.itemId}.json`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
