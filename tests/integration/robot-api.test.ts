import { randomUUID } from "node:crypto";
import { and, eq, like, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { auditEvent, message, robotItem, submission, submissionEvent } from "#db/schema";
import { services } from "~/e-services/registry.server";
import { createLogger } from "~/logger.server";
import { claimedItem, itemEventView, itemView } from "~/queue/robot-api-schemas";
import { robotApiRouter } from "~/queue/robot-api.server";
import { robotErrorCodes } from "~/queue/robot-errors";
import { revokeRobotToken } from "~/queue/robot-tokens.server";
import { silentObserver, type RobotQueueDependencies } from "~/queue/robot-items.server";
import { describeEachDatabase } from "../support/databases";
import { startRobotHarness, type RobotHarness } from "../support/robot-harness";

interface Answer {
  status: number;
  body: { error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<string, unknown>;
  headers: Headers;
}

describeEachDatabase("the robot API's answers to bad requests", (kind) => {
  let h: RobotHarness;
  beforeEach(async () => {
    h = await startRobotHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  /** One raw call, as a misbehaving robot would make it. */
  async function call(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; body?: string; type?: string; authorization?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.authorization !== undefined) headers.Authorization = options.authorization;
    else if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.body;
    if (options.json !== undefined) body = JSON.stringify(options.json);
    if (body !== undefined) headers["Content-Type"] = options.type ?? "application/json";
    const response = await fetch(`${h.url}/api/robot/v1${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
  }

  /** Everything a refused request must not change. */
  async function snapshot() {
    const { db } = h.database;
    return {
      items: await db.select().from(robotItem).orderBy(robotItem.id),
      jobs: await rowsOf(
        db,
        sql`select id, name, state::text, retry_count, started_on::text, expire_in::text, output
            from pgboss.job where name like 'intake.%' order by id`,
      ),
      submissions: await db.select().from(submission).orderBy(submission.id),
      events: (await db.select().from(submissionEvent)).length,
      messages: (await db.select().from(message)).length,
    };
  }

  const expectRefusal = (answer: Answer, status: number, code: string) => {
    expect([answer.status, answer.body.error?.code], JSON.stringify(answer.body)).toEqual([status, code]);
    expect(typeof answer.body.error?.message).toBe("string");
    expect(answer.body.error!.message.length).toBeGreaterThan(0);
  };

  const apiAudits = async () =>
    h.database.db.select().from(auditEvent).where(like(auditEvent.action, "robot_api.%")).orderBy(auditEvent.id);

  it("refuses a missing, malformed, unknown or revoked token with 401, audited", async () => {
    const sent = await h.submit();
    const robot = await h.robot([sent.queue]);
    expectRefusal(await call("POST", `/queues/${sent.queue}/claims`), 401, "unauthorized");
    expectRefusal(
      await call("POST", `/queues/${sent.queue}/claims`, { authorization: "Basic dXNlcjpwYXNz" }),
      401,
      "unauthorized",
    );
    const unknown = `ingang_robot_${"A".repeat(43)}`;
    const refused = await call("GET", `/items/${sent.itemId}`, { token: unknown });
    expectRefusal(refused, 401, "unauthorized");
    expect(refused.headers.get("www-authenticate")).toContain("Bearer");

    expect((await call("GET", `/items/${sent.itemId}`, { token: robot.token })).status).toBe(200);
    expect(await revokeRobotToken(h.database.db, robot.id)).toBe(true);
    expectRefusal(await call("GET", `/items/${sent.itemId}`, { token: robot.token }), 401, "token_revoked");
    expectRefusal(await call("POST", `/queues/${sent.queue}/claims`, { token: robot.token }), 401, "token_revoked");

    const audits = await apiAudits();
    expect(audits.map((a) => [a.actorKind, a.details?.status, a.details?.code])).toEqual([
      ["anonymous", 401, "unauthorized"],
      ["anonymous", 401, "unauthorized"],
      ["anonymous", 401, "unauthorized"],
      ["robot", 200, null],
      ["robot", 401, "token_revoked"],
      ["robot", 401, "token_revoked"],
    ]);
    // A refused credential is an authentication event: its address is kept.
    expect(audits[0]!.ip).not.toBeNull();
    expect(audits[4]!.actorId).toBe(robot.id);
    expect((await h.database.db.select().from(robotItem))[0]!.state).toBe("new");
  });

  it("keeps a token to its queues: 403 outside them, 404 for a queue that does not exist", async () => {
    const ordinary = await h.submit();
    const restricted = await h.submit({ restricted: true });
    expect(restricted.queue).toBe("skyddad");
    const robot = await h.robot([ordinary.queue]);
    const all = await h.robot([ordinary.queue, "skyddad"]);
    expectRefusal(await call("POST", "/queues/skyddad/claims", { token: robot.token }), 403, "queue_out_of_scope");
    expectRefusal(await call("POST", "/queues/nope/claims", { token: robot.token }), 404, "queue_not_found");

    const [held] = await all.client.claim("skyddad");
    const before = await snapshot();
    expectRefusal(await call("GET", `/items/${held!.id}`, { token: robot.token }), 403, "queue_out_of_scope");
    expectRefusal(await call("GET", `/items/${held!.id}/events`, { token: robot.token }), 403, "queue_out_of_scope");
    expectRefusal(
      await call("POST", `/items/${held!.id}/complete`, {
        token: robot.token,
        json: { leaseId: held!.lease.id, caseNumber: "1", caseSystem: "T" },
      }),
      403,
      "queue_out_of_scope",
    );
    expectRefusal(
      await call("POST", `/items/${held!.id}/messages`, {
        token: robot.token,
        json: { idempotencyKey: "k", body: "x" },
      }),
      403,
      "queue_out_of_scope",
    );
    expectRefusal(
      await call("GET", `/items/${held!.id}/attachments/${randomUUID()}`, { token: robot.token }),
      403,
      "queue_out_of_scope",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("answers malformed, huge and invalid bodies with 4xx, audits each and changes nothing", async () => {
    const sent = await h.submit({ identified: true });
    const robot = await h.robot([sent.queue]);
    const [item] = await robot.client.claim(sent.queue);
    const id = item!.id;
    const lease = item!.lease.id;
    const auditsBefore = (await apiAudits()).length;
    const before = await snapshot();
    const token = robot.token;

    const cases: [() => Promise<Answer>, number, string][] = [
      [() => call("POST", `/items/${id}/complete`, { token, body: "{ not json" }), 400, "malformed_json"],
      [
        () => call("POST", `/items/${id}/complete`, { token, body: "[1, 2", type: "application/json; charset=utf-8" }),
        400,
        "malformed_json",
      ],
      [
        () =>
          call("POST", `/items/${id}/complete`, {
            token,
            body: "caseNumber=1",
            type: "application/x-www-form-urlencoded",
          }),
        415,
        "unsupported_media_type",
      ],
      [
        () => call("POST", `/items/${id}/complete`, { token, body: JSON.stringify({ pad: "x".repeat(200_000) }) }),
        413,
        "body_too_large",
      ],
      [
        () => call("POST", `/items/${id}/complete`, { token, json: { leaseId: lease, caseSystem: "T" } }),
        400,
        "invalid_request",
      ],
      [
        () =>
          call("POST", `/items/${id}/complete`, { token, json: { leaseId: lease, caseNumber: "", caseSystem: "T" } }),
        400,
        "invalid_request",
      ],
      [
        () =>
          call("POST", `/items/${id}/complete`, {
            token,
            json: { leaseId: lease, caseNumber: "1\u0000", caseSystem: "T" },
          }),
        400,
        "invalid_request",
      ],
      [
        () =>
          call("POST", `/items/${id}/complete`, {
            token,
            json: { leaseId: lease, caseNumber: "1", caseSystem: "T", extra: 1 },
          }),
        400,
        "invalid_request",
      ],
      [
        () =>
          call("POST", `/items/${id}/complete`, {
            token,
            json: { leaseId: "not-a-uuid", caseNumber: "1", caseSystem: "T" },
          }),
        400,
        "invalid_request",
      ],
      [() => call("POST", `/items/${id}/complete`, { token, json: [] }), 400, "invalid_request"],
      [() => call("POST", `/items/${id}/complete`, { token, json: "text" }), 400, "malformed_json"],
      [
        () => call("POST", `/items/${id}/fail`, { token, json: { leaseId: lease, kind: "other", reason: "x" } }),
        400,
        "invalid_request",
      ],
      [
        () => call("POST", `/items/${id}/fail`, { token, json: { leaseId: lease, kind: "business", reason: "   " } }),
        400,
        "invalid_request",
      ],
      [
        () => call("POST", `/items/${id}/lease`, { token, json: { leaseId: lease, seconds: 5 } }),
        400,
        "invalid_request",
      ],
      [
        () => call("POST", `/items/${id}/lease`, { token, json: { leaseId: lease, seconds: 1e9 } }),
        400,
        "invalid_request",
      ],
      [
        () => call("POST", `/items/${id}/messages`, { token, json: { idempotencyKey: "k", body: "x".repeat(10_001) } }),
        400,
        "invalid_request",
      ],
      [
        () => call("POST", `/items/${id}/messages`, { token, json: { idempotencyKey: "has space", body: "x" } }),
        400,
        "invalid_request",
      ],
      [() => call("POST", `/items/${id}/status`, { token, json: { idempotencyKey: "k" } }), 400, "invalid_request"],
      [
        () => call("POST", `/items/${id}/status`, { token, json: { idempotencyKey: "k", status: "deleted" } }),
        400,
        "invalid_request",
      ],
      [() => call("POST", `/queues/${sent.queue}/claims`, { token, json: { max: 11 } }), 400, "invalid_request"],
      [() => call("POST", `/queues/${sent.queue}/claims`, { token, json: { max: 0 } }), 400, "invalid_request"],
      [
        () =>
          call("POST", `/items/${id}/complete`, {
            token,
            json: { leaseId: randomUUID(), caseNumber: "1", caseSystem: "T" },
          }),
        409,
        "lease_superseded",
      ],
      [
        () =>
          call("POST", `/items/${randomUUID()}/complete`, {
            token,
            json: { leaseId: lease, caseNumber: "1", caseSystem: "T" },
          }),
        404,
        "item_not_found",
      ],
      [() => call("GET", `/items/not-an-id`, { token }), 404, "item_not_found"],
      [() => call("GET", `/items/${randomUUID()}/events`, { token }), 404, "item_not_found"],
      [() => call("GET", `/items/${id}/attachments/${randomUUID()}`, { token }), 404, "attachment_not_found"],
      [() => call("GET", `/items/${id}/attachments/..%2F..%2Fetc`, { token }), 404, "attachment_not_found"],
      [() => call("GET", `/nothing/here`, { token }), 404, "not_found"],
      [() => call("GET", `/items/${id}/complete`, { token }), 405, "method_not_allowed"],
      [() => call("DELETE", `/items/${id}`, { token }), 405, "method_not_allowed"],
      [() => call("GET", `/queues/${sent.queue}/claims`, { token }), 405, "method_not_allowed"],
    ];
    for (const [answer, status, code] of cases) expectRefusal(await answer(), status, code);

    expect(await snapshot()).toEqual(before);
    const audits = (await apiAudits()).slice(auditsBefore);
    expect(audits).toHaveLength(cases.length);
    expect(audits.every((a) => a.actorKind === "robot" && a.actorId === robot.id)).toBe(true);
    expect(audits.map((a) => a.details?.code)).toEqual(cases.map(([, , code]) => code));
    // The item is still held and can be completed normally.
    await robot.client.complete(id, { leaseId: lease, caseNumber: "2026-1", caseSystem: "T" });
  });

  it("refuses to act on an item the robot does not hold, or holds under an expired lease", async () => {
    await h.close();
    h = await startRobotHarness(kind, { policy: { leaseSeconds: 1, retryDelaySeconds: 1, retryLimit: 2 } });
    const waiting = await h.submit();
    const held = await h.submit();
    const a = await h.robot([waiting.queue], "A");
    const b = await h.robot([waiting.queue], "B");
    const done = { caseNumber: "1", caseSystem: "T" };

    expectRefusal(
      await call("POST", `/items/${waiting.itemId}/complete`, {
        token: a.token,
        json: { leaseId: randomUUID(), ...done },
      }),
      409,
      "item_not_held",
    );
    const [item] = await a.client.claim(waiting.queue);
    expect(item!.id).toBe(waiting.itemId);
    const [other] = await a.client.claim(waiting.queue);
    expect(other!.id).toBe(held.itemId);
    await a.client.extendLease(other!.id, other!.lease.id, 60);

    const before = await snapshot();
    expectRefusal(
      await call("POST", `/items/${other!.id}/complete`, {
        token: b.token,
        json: { leaseId: other!.lease.id, ...done },
      }),
      409,
      "held_by_another",
    );
    expectRefusal(
      await call("POST", `/items/${other!.id}/lease`, { token: b.token, json: { leaseId: other!.lease.id } }),
      409,
      "held_by_another",
    );
    expectRefusal(
      await call("GET", `/items/${other!.id}/attachments/${randomUUID()}`, { token: b.token }),
      409,
      "held_by_another",
    );
    // B sees the item's state, but not A's lease id.
    const seen = await call("GET", `/items/${other!.id}`, { token: b.token });
    expect((seen.body.item as { lease: unknown }).lease).toMatchObject({ id: null, heldByYou: false });

    await new Promise((r) => setTimeout(r, 1200));
    const stale = await snapshot();
    expect(stale).toEqual(before);
    for (const path of ["complete", "fail", "lease"]) {
      const json =
        path === "complete"
          ? { leaseId: item!.lease.id, ...done }
          : path === "fail"
            ? { leaseId: item!.lease.id, kind: "business", reason: "x" }
            : { leaseId: item!.lease.id };
      expectRefusal(await call("POST", `/items/${item!.id}/${path}`, { token: a.token, json }), 409, "lease_expired");
    }
    expect(await snapshot()).toEqual(stale);
    // The other item's lease was extended, so it is still A's to complete.
    await a.client.complete(other!.id, { leaseId: other!.lease.id, ...done });
  });

  it("limits each token's rate with 429 and Retry-After, without touching other robots", async () => {
    await h.close();
    h = await startRobotHarness(kind, { rateLimit: { perSecond: 0.5, burst: 3 } });
    const sent = await h.submit();
    const a = await h.robot([sent.queue], "A");
    const b = await h.robot([sent.queue], "B");
    for (let i = 0; i < 3; i++)
      expect((await call("GET", `/items/${sent.itemId}`, { token: a.token })).status).toBe(200);
    const limited = await call("GET", `/items/${sent.itemId}`, { token: a.token });
    expectRefusal(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expectRefusal(await call("POST", `/queues/${sent.queue}/claims`, { token: a.token }), 429, "rate_limited");
    expect((await call("GET", `/items/${sent.itemId}`, { token: b.token })).status).toBe(200);
    // Refusals are audited at most once a second per robot, so a flood cannot fill the log.
    const limitedAudits = (await apiAudits()).filter((x) => x.details?.code === "rate_limited");
    expect(limitedAudits).toHaveLength(1);
    expect((await h.database.db.select().from(robotItem))[0]!.state).toBe("new");
    const metrics = await h.metrics.registry.getSingleMetricAsString("ingang_robot_rate_limited_total");
    expect(metrics).toContain("ingang_robot_rate_limited_total 2");
  });

  it("publishes an OpenAPI 3.1 document listing every endpoint, whose schemas the answers meet", async () => {
    const response = await fetch(`${h.url}/api/robot/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const doc = JSON.parse(await response.text()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
      servers: { url: string }[];
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0]!.url).toBe(`${h.url}/api/robot/v1`);

    // Every route the router serves is in the document, with its method, and nothing else is.
    const router = robotApiRouter({
      queue: { ...h.deps, observer: silentObserver } as RobotQueueDependencies,
      rateLimit: { perSecond: 1, burst: 1 },
      logger: createLogger("silent"),
    });
    const served = (router.stack as { route?: { path: string; methods: Record<string, boolean> } }[])
      .filter((layer) => layer.route && layer.route.path !== "*")
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((m) => `${m} ${layer.route!.path.replace(/:(\w+)/g, "{$1}")}`),
      )
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);

    // Every reference resolves, and every error code the API can answer is documented somewhere.
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas).toHaveProperty(name!);
    for (const code of Object.keys(robotErrorCodes).filter((c) => !["not_found", "method_not_allowed"].includes(c)))
      expect(text, code).toContain(code);
    for (const definition of services) {
      expect(doc.components.schemas).toHaveProperty(`Answers_${definition.id}_v${definition.version}`);
      const schema = await fetch(`${h.url}/api/robot/v1/schemas/${definition.id}/${definition.version}`);
      expect(schema.status).toBe(200);
      expect(((await schema.json()) as { $schema: string }).$schema).toBe(
        "https://json-schema.org/draft/2020-12/schema",
      );
    }
    expectRefusal(await call("GET", "/schemas/orosanmalan/999"), 404, "schema_not_found");
    // An item sent under an earlier version keeps a schema to read it by; the current one has what changed.
    type Schema = { $id: string; properties: Record<string, { properties?: Record<string, unknown> }> };
    const v1 = await fetch(`${h.url}/api/robot/v1/schemas/forsorjningsstod/1`);
    expect(v1.status).toBe(200);
    const old = (await v1.json()) as Schema;
    expect(old.$id).toBe(`${h.url}/api/robot/v1/schemas/forsorjningsstod/1`);
    expect(Object.keys(old.properties.medsokande!.properties!)).toEqual(["pnr"]);
    const v2 = (await (await fetch(`${h.url}/api/robot/v1/schemas/forsorjningsstod/2`)).json()) as Schema;
    expect(Object.keys(v2.properties.medsokande!.properties!).sort()).toEqual(["pnr", "withoutPartner"]);
    expect(v2.properties).not.toHaveProperty("medborgarskap");
    const v3 = (await (await fetch(`${h.url}/api/robot/v1/schemas/forsorjningsstod/3`)).json()) as Schema;
    expect(Object.keys(v3.properties.medborgarskap!.properties!)).toEqual(["applicant", "coApplicant"]);
    expect(Object.keys(v3.properties["ny-ansokan"]!.properties!)).toEqual(["first"]);

    // What the API answers matches what the document says it answers.
    const sent = await h.submit({ identified: true });
    const robot = await h.robot([sent.queue]);
    const [item] = await robot.client.claim(sent.queue);
    expect(claimedItem.safeParse(item).error).toBeUndefined();
    expect(itemView.safeParse(await robot.client.item(item!.id)).error).toBeUndefined();
    const failed = await robot.client.fail(item!.id, { leaseId: item!.lease.id, kind: "application", reason: "nere" });
    expect(itemView.safeParse(failed).error).toBeUndefined();
    for (const event of await robot.client.events(item!.id))
      expect(itemEventView.safeParse(event).error).toBeUndefined();
  });

  it("leaves GET /api/robot/v1 itself to the readable page", async () => {
    const robot = await h.robot(["mottagning-vuxna"]);
    // Mounted alone, the router passes the page on (404 here, Remix in the portal) and claims nothing.
    const page = await fetch(`${h.url}/api/robot/v1`, { headers: { Authorization: `Bearer ${robot.token}` } });
    expect(page.headers.get("content-type") ?? "").not.toContain("application/json");
    expectRefusal(await call("POST", "/", { token: robot.token }), 404, "not_found");
    const audits = await h.database.db
      .select()
      .from(auditEvent)
      .where(and(like(auditEvent.action, "robot_api.%"), eq(auditEvent.actorKind, "anonymous")));
    expect(audits).toHaveLength(0);
  });
});
