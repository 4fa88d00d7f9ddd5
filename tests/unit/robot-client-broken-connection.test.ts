import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { RobotClient } from "~/cli/lib/robot-client";

/**
 * A server that resets the connection of every other request before answering, as a kept-alive
 * connection closed by the portal looks to the robot when it is used again.
 */
let server: Server;
let client: RobotClient;
let requests: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (requests.length % 2 === 1) {
      req.socket.resetAndDestroy();
      return;
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ items: [], item: { id: "i" }, event: { id: "e" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = new RobotClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: "t" });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  requests = [];
});

it("sends a claim, a completion and a status write-back once more when the connection breaks", async () => {
  await expect(client.claim("q")).resolves.toEqual([]);
  await expect(client.complete("i", { leaseId: "l", caseNumber: "1", caseSystem: "s" })).resolves.toEqual({ id: "i" });
  await expect(client.status("i", { idempotencyKey: "k", status: "registered" })).resolves.toEqual({ id: "e" });
  expect(requests).toEqual([
    "POST /api/robot/v1/queues/q/claims",
    "POST /api/robot/v1/queues/q/claims",
    "POST /api/robot/v1/items/i/complete",
    "POST /api/robot/v1/items/i/complete",
    "POST /api/robot/v1/items/i/status",
    "POST /api/robot/v1/items/i/status",
  ]);
});

it("does not repeat a failure report: a second one would be refused (its lease is gone) and hide whether the first arrived", async () => {
  await expect(client.fail("i", { leaseId: "l", kind: "application", reason: "r" })).rejects.toThrow("fetch failed");
  expect(requests).toEqual(["POST /api/robot/v1/items/i/fail"]);
});
