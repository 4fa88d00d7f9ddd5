import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { RobotClient } from "~/cli/lib/robot-client";
import { fillService, orosanmalanAnswers, send, WebClient } from "../support/web-client";

/**
 * Property-based fuzzing of every robot API endpoint: any method, any id, any JSON (or not
 * JSON), any token (the right one, one for another queue, a made-up one, none). Nothing answers
 * 5xx, every refusal is the API's JSON error shape, and a token never reaches outside its queues.
 */

const base = inject("portalUrl");
const tokens = inject("robotTokens");
const API = `${base}/api/robot/v1`;

let itemId: string;
let leaseId: string;

/** A fresh report, claimed by the right robot: its item id and lease. */
async function heldItem(): Promise<{ id: string; leaseId: string }> {
  const person = new WebClient(base);
  const reference = await send(person, await fillService(person, "orosanmalan", orosanmalanAnswers()));
  const robot = new RobotClient({ url: base, token: tokens.vuxna });
  for (let i = 0; i < 50; i++) {
    const [item] = await robot.claim("mottagning-vuxna", 1);
    if (!item) break;
    if (item.reference === reference) return { id: item.id, leaseId: item.lease.id };
    await robot.complete(item.id, { leaseId: item.lease.id, caseNumber: "X-1", caseSystem: "fuzz" });
  }
  throw new Error("the report's item never reached the robot");
}

beforeAll(async () => {
  ({ id: itemId, leaseId } = await heldItem());
});

const operations = [
  ["POST", "/queues/{queue}/claims"],
  ["GET", "/items/{item}"],
  ["GET", "/items/{item}/events"],
  ["POST", "/items/{item}/lease"],
  ["POST", "/items/{item}/complete"],
  ["POST", "/items/{item}/fail"],
  ["POST", "/items/{item}/messages"],
  ["POST", "/items/{item}/status"],
  ["GET", "/items/{item}/attachments/{attachment}"],
  ["GET", "/openapi.json"],
  ["GET", "/schemas/{service}/{version}"],
  ["DELETE", "/items/{item}"],
  ["PUT", "/queues/{queue}/claims"],
  ["GET", "/finns-inte"],
] as const;

const idArbitrary = () =>
  fc.oneof(
    fc.constant(itemId),
    fc.constant(randomUUID()),
    fc.constantFrom("x", "..%2F..", "%00", "00000000-0000-0000-0000-000000000000", "a".repeat(300), "1 OR 1=1"),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
  );

const jsonBody = () =>
  fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc
      .record(
        {
          max: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.string()),
          leaseId: fc.oneof(fc.constant(leaseId!), fc.uuid(), fc.string()),
          seconds: fc.oneof(fc.integer({ min: -10, max: 100_000 }), fc.double()),
          caseNumber: fc.oneof(fc.string({ maxLength: 300 }), fc.constant("<script>alert(1)</script>")),
          caseSystem: fc.string({ maxLength: 100 }),
          kind: fc.constantFrom("application", "business", "message", "supplement_request", "x"),
          reason: fc.string({ maxLength: 2000 }),
          idempotencyKey: fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })),
          body: fc.string({ maxLength: 500 }),
          status: fc.constantFrom("registered", "closed", "x"),
          text: fc.string({ maxLength: 300 }),
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
    fc.constantFrom("{", "null", "[]", '"x"', "1e999", '{"__proto__":{"admin":true}}', "x".repeat(70_000)),
  );

const tokenChoice = fc.constantFrom("right", "other", "forged", "none", "malformed");
const authorization = (choice: string) =>
  choice === "right"
    ? `Bearer ${tokens.vuxna}`
    : choice === "other"
      ? `Bearer ${tokens.ekonomi}`
      : choice === "forged"
        ? `Bearer ingang_robot_${"A".repeat(43)}`
        : choice === "malformed"
          ? "Basic YWRtaW46YWRtaW4="
          : undefined;

describe("the robot API under hostile input", () => {
  it("never answers 5xx on any endpoint, and every refusal is its JSON error", async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        idArbitrary(),
        fc.constantFrom("mottagning-vuxna", "ekonomiskt-bistand", "skyddad", "finns-inte", "..", "%2e%2e"),
        jsonBody(),
        fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "none"),
        tokenChoice,
        async ([method, template], id, queue, body, type, token) => {
          const path = template
            .replace("{queue}", queue)
            .replace("{item}", id)
            .replace("{attachment}", id)
            .replace("{service}", queue)
            .replace("{version}", id);
          const headers: Record<string, string> = {};
          const auth = authorization(token);
          if (auth) headers.authorization = auth;
          if (type !== "none") headers["content-type"] = type;
          const response = await fetch(`${API}${path}`, {
            method,
            headers,
            body: method === "GET" ? undefined : body,
          });
          const text = await response.text();
          if (response.status >= 500) failures.push(`${response.status} ${method} ${path} ${text.slice(0, 200)}`);
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
          if (response.status >= 400 && response.status !== 404) {
            const parsed = JSON.parse(text) as { error?: { code?: string } };
            expect(typeof parsed.error?.code).toBe("string");
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(failures).toEqual([]);
  });

  it("never lets a token outside its queues, and leaves a held item to its holder", async () => {
    const held = await heldItem();
    const other = { authorization: `Bearer ${tokens.ekonomi}`, "content-type": "application/json" };
    for (const [method, path, body] of [
      ["GET", `/items/${held.id}`, undefined],
      ["GET", `/items/${held.id}/events`, undefined],
      ["POST", `/items/${held.id}/lease`, JSON.stringify({ leaseId: held.leaseId })],
      [
        "POST",
        `/items/${held.id}/complete`,
        JSON.stringify({ leaseId: held.leaseId, caseNumber: "X", caseSystem: "x" }),
      ],
      ["POST", `/items/${held.id}/fail`, JSON.stringify({ leaseId: held.leaseId, kind: "business", reason: "x" })],
      ["POST", `/items/${held.id}/messages`, JSON.stringify({ idempotencyKey: "k", body: "x" })],
      ["POST", `/items/${held.id}/status`, JSON.stringify({ idempotencyKey: "k", status: "closed" })],
      ["GET", `/items/${held.id}/attachments/${randomUUID()}`, undefined],
      ["POST", `/queues/mottagning-vuxna/claims`, "{}"],
    ] as const) {
      const response = await fetch(`${API}${path}`, { method, headers: other, body });
      const answer = (await response.json()) as { error: { code: string } };
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(answer.error.code).toBe("queue_out_of_scope");
    }
    // The item is still the right robot's, untouched by everything above.
    const robot = new RobotClient({ url: base, token: tokens.vuxna });
    const item = await robot.item(held.id);
    expect(item.state).toBe("in_progress");
    const done = await robot.complete(held.id, { leaseId: held.leaseId, caseNumber: "KS-1", caseSystem: "fuzz" });
    expect(done.state).toBe("successful");
  });
});
