import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { auditEvent, message, robotItem, submission, submissionEvent } from "#db/schema";
import { drainQueue } from "~/cli/lib/reference-robot-core";
import { RobotApiCallError, RobotClient } from "~/cli/lib/robot-client";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import { reconcileLeases } from "~/queue/robot-items.server";
import { answersSchema } from "~/queue/robot-openapi.server";
import { describeEachDatabase } from "../support/databases";
import { METRICS_TOKEN, startRobotHarness, type RobotHarness } from "../support/robot-harness";
import { pdf, PNG } from "../support/sample-files";

/** The error a call was refused with. */
async function refusal(call: Promise<unknown>): Promise<RobotApiCallError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof RobotApiCallError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const noticesFor = async (h: RobotHarness, submissionId: string, kind: string) =>
  (
    await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from pgboss.job
          where name = 'notice' and data->>'submissionId' = ${submissionId} and data->>'kind' = ${kind}`,
    )
  )[0]!.n;

describeEachDatabase("the robotic-intake queue", (kind) => {
  let h: RobotHarness;
  beforeEach(async () => {
    h = await startRobotHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it("hands a robot the item with decrypted answers under the published schema, its files and a lease", async () => {
    const document = pdf();
    const sent = await h.submit({
      identified: true,
      files: [
        { name: "intyg.pdf", bytes: document },
        { name: "bild.png", bytes: PNG },
      ],
    });
    const { client } = await h.robot([sent.queue]);
    const [item, ...more] = await client.claim(sent.queue, 5);
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      id: sent.itemId,
      reference: sent.reference,
      kind: "submission",
      serviceId: "orosanmalan",
      serviceVersion: orosanmalan.version,
      answersSchema: `${h.url}/api/robot/v1/schemas/orosanmalan/${orosanmalan.version}`,
      priority: 0,
      attempt: 1,
      sender: { personnummer: "198503129820", name: "Anna Andersson", protectedIdentity: false },
    });
    expect(item!.arrivedAt).not.toBeNull();
    expect(Date.parse(item!.lease.expiresAt) - Date.now()).toBeGreaterThan(50_000);
    expect((item!.answers as Record<string, Record<string, unknown>>)["oro"]!["what"]).toBe("Jag är orolig.");
    // The answers are what the published JSON Schema describes.
    expect(answersSchema(orosanmalan).safeParse(item!.answers).success).toBe(true);
    const schema = (await (await fetch(item!.answersSchema)).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(orosanmalan.steps.map((s) => s.id));

    expect(item!.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ["intyg.pdf", "application/pdf", document.length],
      ["bild.png", "image/png", PNG.length],
    ]);
    const dir = await mkdtemp(path.join(tmpdir(), "ingang-download-"));
    try {
      for (const [i, file] of item!.attachments.entries()) {
        await client.download(file, path.join(dir, `${i}`));
        const bytes = await readFile(path.join(dir, `${i}`));
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(file.sha256);
      }
      const response = await fetch(item!.attachments[0]!.href, {
        headers: { Authorization: `Bearer ${(await h.robot([sent.queue])).token}` },
      });
      expect(response.status).toBe(409);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // Every opening of content is audited with the robot as the reader.
    const audits = await h.database.db.select().from(auditEvent).where(eq(auditEvent.actorKind, "robot"));
    const actions = audits.map((a) => a.action);
    expect(actions).toContain("submission_read");
    expect(actions).toContain("person_read");
    expect(actions.filter((a) => a === "attachment_read")).toHaveLength(2);
  });

  it("gives acute reports first, then the oldest", async () => {
    const first = await h.submit();
    const second = await h.submit();
    const acute = await h.submit({ acute: true });
    const third = await h.submit();
    expect(new Set([first.queue, second.queue, acute.queue, third.queue]).size).toBe(1);
    const { client } = await h.robot([first.queue]);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) order.push((await client.claim(first.queue))[0]!.reference);
    expect(order).toEqual([acute.reference, first.reference, second.reference, third.reference]);
    expect(await client.claim(first.queue)).toEqual([]);
  });

  it("never lets two robots racing on one queue hold the same item", async () => {
    const sent = await Promise.all(Array.from({ length: 24 }, () => h.submit()));
    const queue = sent[0]!.queue;
    const robots = await Promise.all([h.robot([queue], "A"), h.robot([queue], "B"), h.robot([queue], "C")]);
    const held = new Map<string, string>();
    const overlaps: string[] = [];
    const claimedBy = new Map<string, string[]>();
    await Promise.all(
      robots.map(async ({ client, id }) => {
        for (;;) {
          const items = await client.claim(queue, 3);
          if (items.length === 0) return;
          for (const item of items) {
            if (held.has(item.id)) overlaps.push(item.id);
            held.set(item.id, id);
            claimedBy.set(item.id, [...(claimedBy.get(item.id) ?? []), id]);
          }
          for (const item of items) {
            await client.complete(item.id, {
              leaseId: item.lease.id,
              caseNumber: `C-${item.reference}`,
              caseSystem: "Test",
            });
            held.delete(item.id);
          }
        }
      }),
    );
    expect(overlaps).toEqual([]);
    expect(claimedBy.size).toBe(24);
    expect([...claimedBy.values()].every((ids) => ids.length === 1)).toBe(true);
    const states = await h.database.db.select({ state: robotItem.state }).from(robotItem);
    expect(states.every((s) => s.state === "successful")).toBe(true);
    // With a batch of 24 and three robots, more than one robot got work.
    expect(new Set([...claimedBy.values()].map((ids) => ids[0])).size).toBeGreaterThan(1);
  });

  it("puts an item whose lease expired back in its queue, where another robot claims it", async () => {
    await h.close();
    h = await startRobotHarness(kind, { policy: { leaseSeconds: 1, retryDelaySeconds: 1, retryLimit: 3 } });
    const sent = await h.submit();
    const a = await h.robot([sent.queue], "A");
    const b = await h.robot([sent.queue], "B");
    const [held] = await a.client.claim(sent.queue);
    await new Promise((r) => setTimeout(r, 1200));
    // pg-boss's own maintenance expires the job; its retry backoff is skipped rather than waited for.
    await h.boss.maintain();
    expect((await h.jobState(sent.itemId))!.state).toBe("retry");
    await h.skipBackoff(sent.itemId);
    const [again] = await b.client.claim(sent.queue);
    expect(again!.id).toBe(held!.id);
    expect(again!.attempt).toBe(2);
    expect(again!.lease.id).not.toBe(held!.lease.id);

    const late = await refusal(
      a.client.complete(held!.id, { leaseId: held!.lease.id, caseNumber: "A-1", caseSystem: "Test" }),
    );
    expect([late.status, late.code]).toEqual([409, "held_by_another"]);
    await b.client.complete(again!.id, { leaseId: again!.lease.id, caseNumber: "B-1", caseSystem: "Test" });
    const events = await b.client.events(again!.id);
    expect(events.map((e) => [e.kind, e.robot?.name ?? null])).toEqual([
      ["queued", null],
      ["claimed", "A"],
      ["abandoned", "A"],
      ["claimed", "B"],
      ["completed", "B"],
    ]);
    expect(events.every((e) => !("leaseId" in e.details))).toBe(true);
  });

  it("expires a lease without pg-boss's maintenance too, and a heartbeat keeps it", async () => {
    await h.close();
    h = await startRobotHarness(kind, { policy: { leaseSeconds: 1, retryDelaySeconds: 1, retryLimit: 3 } });
    const kept = await h.submit();
    const lost = await h.submit();
    const { client } = await h.robot([kept.queue]);
    const [first, second] = await client.claim(kept.queue, 2);
    expect([first!.id, second!.id].sort()).toEqual([kept.itemId, lost.itemId].sort());
    const lease = await client.extendLease(first!.id, first!.lease.id, 30);
    expect(Date.parse(lease.expiresAt) - Date.now()).toBeGreaterThan(25_000);
    await new Promise((r) => setTimeout(r, 1200));
    await h.boss.maintain();
    expect(await reconcileLeases(h.deps)).toBe(1);
    expect((await client.item(first!.id)).state).toBe("in_progress");
    expect((await client.item(second!.id)).state).toBe("abandoned");
    const expired = await refusal(client.extendLease(second!.id, second!.lease.id));
    expect([expired.status, expired.code]).toEqual([409, "lease_expired"]);
    await client.complete(first!.id, { leaseId: first!.lease.id, caseNumber: "K-1", caseSystem: "Test" });
  });

  it("refuses a second completion and changes nothing", async () => {
    const sent = await h.submit({ identified: true });
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    const done = await client.complete(item!.id, {
      leaseId: item!.lease.id,
      caseNumber: "2026-123",
      caseSystem: "Lifecare",
    });
    expect(done.state).toBe("successful");
    const before = await h.database.db.select().from(robotItem);
    const again = await refusal(
      client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "2026-999", caseSystem: "Lifecare" }),
    );
    expect([again.status, again.code]).toEqual([409, "already_completed"]);
    expect(again.details).toEqual({ caseNumber: "2026-123", caseSystem: "Lifecare" });
    expect(await h.database.db.select().from(robotItem)).toEqual(before);
    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row!.caseNumber).toBe("2026-123");
    const registered = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.kind, "registered")));
    expect(registered).toHaveLength(1);
    expect(await noticesFor(h, sent.submissionId, "status")).toBe(1);
  });

  it("registers the submission for the person when its item is completed", async () => {
    const sent = await h.submit({ identified: true });
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    await client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "IFO 2026-42", caseSystem: "Treserva" });
    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row).toMatchObject({ status: "registered", caseNumber: "IFO 2026-42", caseSystem: "Treserva" });
    expect(row!.registeredAt).not.toBeNull();
    const days = (row!.retainUntil!.getTime() - row!.registeredAt!.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(orosanmalan.retention.afterRegistrationDays, 3);
    const [event] = await h.database.db
      .select()
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.kind, "registered")));
    expect(event).toMatchObject({
      visibleToPerson: true,
      details: { caseNumber: "IFO 2026-42", caseSystem: "Treserva" },
    });
    expect(await noticesFor(h, sent.submissionId, "status")).toBe(1);
    expect((await h.jobState(sent.itemId))!.state).toBe("completed");
  });

  it("retries an application exception with growing backoff and dead-letters it after the retry limit", async () => {
    const sent = await h.submit();
    const { client } = await h.robot([sent.queue]);
    // retryLimit 2: three attempts in all.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [item] = await client.claim(sent.queue);
      expect(item!.attempt).toBe(attempt);
      const at = Date.now();
      const failed = await client.fail(item!.id, {
        leaseId: item!.lease.id,
        kind: "application",
        reason: "Lifecare svarar inte",
      });
      if (attempt < 3) {
        expect(failed.state).toBe("failed_application");
        // Exponential: delay × 2^(n-1) to twice that, with retryDelaySeconds 1.
        const wait = Date.parse(failed.nextAttemptAt!) - at;
        expect(wait).toBeGreaterThanOrEqual(2 ** (attempt - 1) * 1000 - 500);
        expect(wait).toBeLessThanOrEqual(2 ** attempt * 1000 + 1000);
        expect(await client.claim(sent.queue)).toEqual([]);
        await h.skipBackoff(sent.itemId);
      } else {
        expect(failed.state).toBe("dead_lettered");
        expect(failed.nextAttemptAt).toBeNull();
      }
    }
    await h.skipBackoff(sent.itemId);
    expect(await client.claim(sent.queue)).toEqual([]);
    const dead = await rowsOf<{ n: number }>(
      h.database.db,
      sql`select count(*)::int as n from pgboss.job where name = 'intake.dead-letter' and data->>'reference' = ${sent.reference}`,
    );
    expect(dead[0]!.n).toBe(1);
    const kinds = (await client.events(sent.itemId)).map((e) => e.kind);
    expect(kinds).toEqual([
      "queued",
      "claimed",
      "failed_application",
      "claimed",
      "failed_application",
      "claimed",
      "failed_application",
      "dead_lettered",
    ]);
  });

  it("never retries a business exception: it goes to people", async () => {
    const sent = await h.submit();
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    const failed = await client.fail(item!.id, {
      leaseId: item!.lease.id,
      kind: "business",
      reason: "Personnumret finns inte i folkbokföringen.",
    });
    expect(failed).toMatchObject({ state: "business_exception", reason: "Personnumret finns inte i folkbokföringen." });
    expect((await h.jobState(sent.itemId))!.state).toBe("completed");
    await h.skipBackoff(sent.itemId);
    await h.boss.maintain();
    expect(await client.claim(sent.queue)).toEqual([]);
    const again = await refusal(
      client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "X", caseSystem: "Y" }),
    );
    expect(again.code).toBe("already_failed");
    const [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row!.status).toBe("received");
  });

  it("writes messages, supplement requests and status updates back to the person, once per key", async () => {
    const sent = await h.submit({ identified: true });
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    await client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "2026-7", caseSystem: "Viva" });

    const first = await client.message(item!.id, {
      idempotencyKey: "msg-1",
      body: "Hej! Vi har tagit emot din anmälan.",
    });
    const replay = await client.message(item!.id, {
      idempotencyKey: "msg-1",
      body: "Hej! Vi har tagit emot din anmälan.",
    });
    expect(first.replayed).toBe(false);
    expect(replay).toEqual({ ...first, replayed: true });
    const conflict = await refusal(client.message(item!.id, { idempotencyKey: "msg-1", body: "Något annat" }));
    expect([conflict.status, conflict.code]).toEqual([409, "idempotency_conflict"]);

    await client.message(item!.id, {
      idempotencyKey: "supp-1",
      kind: "supplement_request",
      body: "Skicka gärna ett läkarintyg.",
    });
    let [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row!.status).toBe("supplement_requested");
    const messages = await h.database.db.select().from(message).where(eq(message.submissionId, sent.submissionId));
    expect(messages.map((m) => [m.kind, m.direction, m.authorKind])).toEqual([
      ["message", "to_person", "robot"],
      ["supplement_request", "to_person", "robot"],
    ]);
    // The whole text, not "Hej": three letters turn up by chance in base64url ciphertext (it failed so).
    expect(messages.every((m) => !m.bodySealed.includes("Hej! Vi har tagit emot din anmälan."))).toBe(true);
    expect(await noticesFor(h, sent.submissionId, "message")).toBe(2);

    const closed = await client.status(item!.id, {
      idempotencyKey: "st-1",
      status: "closed",
      text: "Utredningen är avslutad.",
    });
    expect(
      (await client.status(item!.id, { idempotencyKey: "st-1", status: "closed", text: "Utredningen är avslutad." }))
        .id,
    ).toBe(closed.id);
    [row] = await h.database.db.select().from(submission).where(eq(submission.id, sent.submissionId));
    expect(row!.status).toBe("closed");
    const visible = await h.database.db
      .select({ kind: submissionEvent.kind })
      .from(submissionEvent)
      .where(and(eq(submissionEvent.submissionId, sent.submissionId), eq(submissionEvent.visibleToPerson, true)));
    expect(visible.map((e) => e.kind)).toEqual([
      "received",
      "registered",
      "message_received",
      "supplement_requested",
      "closed",
    ]);
    expect((await client.events(item!.id)).map((e) => e.kind).slice(-3)).toEqual([
      "message_posted",
      "supplement_requested",
      "status_posted",
    ]);
  });

  it("never writes text to the nobody behind an anonymous report", async () => {
    const sent = await h.submit({ identified: false });
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    expect(item!.sender).toBeNull();
    const refused = await refusal(client.message(item!.id, { idempotencyKey: "m", body: "Hej" }));
    expect([refused.status, refused.code]).toEqual([409, "no_recipient"]);
    const text = await refusal(client.status(item!.id, { idempotencyKey: "s", text: "Hej" }));
    expect(text.code).toBe("no_recipient");
    expect(await h.database.db.select().from(message)).toHaveLength(0);
    // A status without text reaches nobody either, but the record changes.
    await client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "1", caseSystem: "Viva" });
    await client.status(item!.id, { idempotencyKey: "s2", status: "closed" });
    expect(await noticesFor(h, sent.submissionId, "status")).toBe(0);
  });

  it("lets the reference robot drain a queue into a folder, failing what it is told to", async () => {
    const sent = await Promise.all([
      h.submit({ files: [{ name: "a.png", bytes: PNG }] }),
      h.submit(),
      h.submit(),
      h.submit(),
    ]);
    const queue = sent[0]!.queue;
    const { token } = await h.robot([queue]);
    const out = await mkdtemp(path.join(tmpdir(), "ingang-robot-out-"));
    try {
      const summary = await drainQueue(new RobotClient({ url: h.url, token }), {
        queue,
        out,
        batch: 2,
        failures: new Map([
          [sent[1]!.reference, "business"],
          [sent[2]!.reference, "application"],
        ]),
      });
      expect(summary).toMatchObject({ handled: 4, completed: 2, failed: 2, errors: 0 });
      expect((await readdir(out)).sort()).toEqual(sent.map((s) => s.reference).sort());
      const saved = JSON.parse(await readFile(path.join(out, sent[0]!.reference, "item.json"), "utf8"));
      expect(saved.reference).toBe(sent[0]!.reference);
      expect(saved.lease).toBeUndefined();
      expect(await readdir(path.join(out, sent[0]!.reference, "files"))).toEqual(["01-a.png"]);
      const states = Object.fromEntries(
        (await h.database.db.select().from(robotItem)).map((r) => [r.reference, r.state]),
      );
      expect(states).toEqual({
        [sent[0]!.reference]: "successful",
        [sent[1]!.reference]: "business_exception",
        [sent[2]!.reference]: "failed_application",
        [sent[3]!.reference]: "successful",
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("reports queue depth, the oldest item's age and what robots did at /metrics, with its token only", async () => {
    const sent = await h.submit();
    await h.submit();
    await h.submit({ restricted: true });
    const { client } = await h.robot([sent.queue]);
    const [item] = await client.claim(sent.queue);
    await client.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "1", caseSystem: "T" });
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${h.url}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
    const response = await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(`ingang_robot_queue_depth{queue="${sent.queue}"} 1`);
    expect(text).toContain(`ingang_robot_queue_depth{queue="skyddad"} 1`);
    expect(text).toContain(`ingang_robot_queue_depth{queue="familjeratt"} 0`);
    expect(text).toMatch(new RegExp(`ingang_robot_queue_oldest_age_seconds\\{queue="${sent.queue}"\\} \\d`));
    expect(text).toContain(`ingang_robot_claims_total{queue="${sent.queue}"} 1`);
    expect(text).toContain(`ingang_robot_completions_total{queue="${sent.queue}"} 1`);
    expect(text).toContain(`ingang_robot_items{queue="${sent.queue}",state="successful"} 1`);
    expect(text).toContain("ingang_robot_dead_letters_total");
    expect(text).toContain("ingang_robot_failures_total");
  });
});
