import { connect } from "node:net";
import { request as httpRequest } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { SERVER_TIMEOUTS } from "~/server/shutdown";
import { fillService, orosanmalanAnswers, WebClient } from "../support/web-client";

const base = inject("portalUrl");

/** A raw request: fetch will not send TRACE, nor another Host. */
function raw(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(base);
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>(
    (resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path, method: init.method ?? "GET", headers: init.headers },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }));
        },
      );
      req.on("error", reject);
      req.end();
    },
  );
}

const SECURITY_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "cross-origin-resource-policy",
];

describe("the portal's HTTP edges", () => {
  it("answers methods it does not serve with 405 in the visitor's language, everywhere", async () => {
    for (const [method, path] of [
      ["TRACE", "/"],
      ["TRACE", "/orosanmalan"],
      ["TRACE", "/api/robot/v1"],
      ["PUT", "/mina-sidor"],
      ["DELETE", "/healthz"],
      ["OPTIONS", "/"],
    ] as const) {
      const response = await raw(path, { method, headers: { "accept-language": "en" } });
      expect([method, path, response.status]).toEqual([method, path, 405]);
      expect(response.headers.allow).toBe("GET, HEAD, POST");
      expect(response.body).toContain('lang="en"');
    }
    // The robot API answers its own calls, in JSON (here: no token, so not even the method is told).
    const api = await raw("/api/robot/v1/queues/mottagning-vuxna/claims", { method: "TRACE" });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: expect.any(String) } });
  });

  it("sets the security headers on every response: health, metrics and early errors too", async () => {
    for (const [path, status] of [
      ["/healthz", 200],
      ["/readyz", 200],
      ["/metrics", 404],
      ["http://evil.example/", 400],
      ["/", 200],
    ] as const) {
      const response = await raw(path);
      expect([path, response.status]).toEqual([path, status]);
      for (const header of SECURITY_HEADERS)
        expect([path, header, !!response.headers[header]]).toEqual([path, header, true]);
    }
  });

  it("sends a page opened at another address of the machine to PUBLIC_URL, keeping the path", async () => {
    const url = new URL(base);
    const response = await raw("/orosanmalan?lng=en", { headers: { host: `127.0.0.1:${url.port}` } });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`${base}/orosanmalan?lng=en`);
    // Probes reach the process by whatever address; the public address itself is served.
    expect((await raw("/healthz", { headers: { host: `127.0.0.1:${url.port}` } })).status).toBe(200);
    expect((await raw("/orosanmalan")).status).toBe(200);
  });

  it("answers an upload declaring 1 GB at once, in the person's language, and closes the connection", async () => {
    const person = new WebClient(base);
    const documents = await fillService(person, "orosanmalan", orosanmalanAnswers(), [], { stopAt: "bilagor" });
    const { csrf } = await person.page(documents);
    const url = new URL(base);
    const socket = connect(Number(url.port), url.hostname);
    let answer = "";
    let sent = 0;
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("error", () => {});
    socket.write(
      `POST ${documents} HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${person.cookieHeader()}\r\n` +
        `Accept-Language: en\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: ${1024 ** 3}\r\n\r\n` +
        `--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`,
    );
    // Keep sending (as a browser would) until the answer comes; never near the declared size.
    const chunk = Buffer.alloc(64 * 1024, 1);
    while (!answer && !socket.destroyed && sent < 60 * 1024 * 1024) {
      if (!socket.write(chunk)) await new Promise((r) => socket.once("drain", r).once("close", r));
      sent += chunk.length;
      await new Promise((r) => setImmediate(r));
    }
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain("What you sent was too large");
    expect(sent).toBeLessThan(60 * 1024 * 1024);
  });

  it("cuts a request whose body stops coming after the idle timeout, not the total limit", async () => {
    const url = new URL(base);
    const socket = connect(Number(url.port), url.hostname);
    socket.on("error", () => {});
    const started = Date.now();
    const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now() - started)));
    socket.write(
      `POST /orosanmalan/starta HTTP/1.1\r\nHost: ${url.host}\r\n` +
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ncsrf=",
    );
    const after = await closed;
    expect(after).toBeGreaterThanOrEqual(SERVER_TIMEOUTS.idleMs - 1_000);
    expect(after).toBeLessThan(SERVER_TIMEOUTS.idleMs + 5_000);
    expect(SERVER_TIMEOUTS.idleMs).toBeLessThanOrEqual(30_000);
  }, 60_000);
});
