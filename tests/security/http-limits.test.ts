import { connect } from "node:net";
import { describe, expect, inject, it } from "vitest";
import { SERVER_TIMEOUTS } from "~/server/shutdown";
import { loginResident, WebClient } from "../support/web-client";

/**
 * What a client can make the server hold: headers are bounded (431), bodies are bounded before
 * they are read (413), and a client that sends its headers a few bytes at a time (slowloris) is
 * cut off once the headers timeout passes, so it cannot tie up connections.
 */

const base = inject("portalUrl");
const url = new URL(base);

function rawExchange(lines: string[], options: { trickleMs?: number; maxMs: number }) {
  return new Promise<{ response: string; closedAfterMs: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(Number(url.port), url.hostname);
    let response = "";
    let timer: NodeJS.Timeout | undefined;
    socket.on("data", (chunk) => (response += chunk.toString("latin1")));
    const done = () => {
      clearInterval(timer);
      resolve({ response, closedAfterMs: Date.now() - started });
    };
    socket.on("close", done);
    socket.on("error", () => {});
    socket.on("connect", () => {
      if (!options.trickleMs) {
        socket.write(lines.join(""));
        return;
      }
      let i = 0;
      timer = setInterval(() => {
        if (socket.destroyed) return;
        // The first line once, then the last one over and over.
        socket.write(lines[Math.min(i++, lines.length - 1)]!);
      }, options.trickleMs);
    });
    setTimeout(() => socket.destroy(), options.maxMs);
  });
}

describe("HTTP limits", () => {
  it("refuses oversized headers with 431", async () => {
    const response = await fetch(`${base}/`, { headers: { "x-padding": "a".repeat(20_000) } });
    expect(response.status).toBe(431);
    const many = await fetch(`${base}/`, {
      headers: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, "b".repeat(60)])),
    });
    expect(many.status).toBe(431);
  });

  it("refuses oversized bodies before reading them: forms, robot calls", async () => {
    const visitor = new WebClient(base);
    const entry = await visitor.page("/orosanmalan");
    const started = await visitor.postForm("/orosanmalan/starta", { csrf: entry.csrf! });
    const step = started.headers.get("location")!;
    const form = await visitor.postForm(step, { csrf: entry.csrf!, what: "x".repeat(400_000) });
    expect(form.status).toBe(413);
    const robot = await fetch(`${base}/api/robot/v1/queues/mottagning-vuxna/claims`, {
      method: "POST",
      headers: { authorization: `Bearer ${inject("robotTokens").vuxna}`, "content-type": "application/json" },
      body: JSON.stringify({ max: 1, pad: "x".repeat(100_000) }),
    });
    expect(robot.status).toBe(413);
    expect(((await robot.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
    // A declared length far beyond any limit is refused from the header alone.
    const declared = await rawExchange(
      [
        `POST ${step} HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${visitor.cookieHeader()}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000000\r\nConnection: close\r\n\r\n`,
      ],
      { maxMs: 10_000 },
    );
    expect(declared.response).toMatch(/^HTTP\/1\.1 (400|413)/);
  });

  it("cuts off a client that trickles its headers (slowloris)", async () => {
    const { response, closedAfterMs } = await rawExchange(
      [`GET / HTTP/1.1\r\nHost: ${url.host}\r\n`, "X-Slow: 1\r\n"],
      { trickleMs: 1_000, maxMs: SERVER_TIMEOUTS.headersMs + 20_000 },
    );
    // Closed by the server (with 408), not by this test's own give-up timer.
    expect(closedAfterMs).toBeLessThan(SERVER_TIMEOUTS.headersMs + 2 * SERVER_TIMEOUTS.checkIntervalMs + 3_000);
    expect(closedAfterMs).toBeGreaterThanOrEqual(SERVER_TIMEOUTS.headersMs - 1_000);
    expect(response).toMatch(/^HTTP\/1\.1 408|^$/);
  }, 60_000);

  it("keeps personal pages out of caches, offers no CORS, and sets its cookies HttpOnly and SameSite", async () => {
    const anna = new WebClient(base);
    await loginResident(anna, "anna");
    const mine = await anna.request("/mina-sidor", { headers: { origin: "https://evil.example" } });
    await mine.arrayBuffer();
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toContain("no-store");
    expect(mine.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${base}/mina-sidor`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    await preflight.arrayBuffer();
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const api = await fetch(`${base}/api/robot/v1/queues/mottagning-vuxna/claims`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    await api.arrayBuffer();
    expect(api.headers.get("cache-control")).toContain("no-store");
    expect(api.headers.get("access-control-allow-origin")).toBeNull();

    // The session cookie as the login set it.
    const fresh = new WebClient(base);
    const start = await fresh.request("/logga-in/e-legitimation?returnTo=/mina-sidor");
    await start.arrayBuffer();
    const { loginAtDevIdp } = await import("../support/dev-idp-driver");
    const callback = await loginAtDevIdp(
      new URL(start.headers.get("location")!, base),
      { person: "anna" },
      `${base}/logga-in/callback`,
    );
    const done = await fresh.request(callback.pathname + callback.search);
    await done.arrayBuffer();
    const session = done.headers.getSetCookie().find((c) => c.includes("ingang-session="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Max-Age|Expires/i);
  });
});
