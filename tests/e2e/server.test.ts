import { request as httpRequest } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { startPortal } from "../support/portal-process";

const base = inject("portalUrl");

/** A raw request, for what fetch refuses to send (bad hosts, broken encodings, huge headers). */
function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
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
      if (init.body) req.write(init.body);
      req.end();
    },
  );
}

describe("the portal server", () => {
  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("sends a nonce-based CSP and the other security headers", async () => {
    const response = await fetch(`${base}/`);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // http in tests: no HSTS unless the public address is https.
    expect(response.headers.get("strict-transport-security")).toBeNull();

    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    // A new nonce for every response.
    const again = (await fetch(`${base}/`)).headers.get("content-security-policy")!;
    expect(again).not.toBe(csp);
  });

  it("caches fingerprinted assets for a year", async () => {
    const html = await (await fetch(`${base}/`)).text();
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1];
    const response = await fetch(`${base}${css}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("max-age=31536000");
    expect(response.headers.get("cache-control")).toContain("immutable");
  });

  it("answers an unknown path with the translated 404 page", async () => {
    const sv = await fetch(`${base}/finns-inte`);
    expect(sv.status).toBe(404);
    expect(await sv.text()).toContain("Sidan finns inte");
    const en = await fetch(`${base}/finns-inte?lng=en`);
    expect(await en.text()).toContain("Page not found");
  });

  it("falls back to Swedish for an unknown language code, and honours Accept-Language", async () => {
    const unknown = await (await fetch(`${base}/?lng=xx`)).text();
    expect(unknown).toContain('<html lang="sv" dir="ltr"');
    const arabic = await (await fetch(`${base}/`, { headers: { "Accept-Language": "ar-SE,ar;q=0.9" } })).text();
    expect(arabic).toContain('<html lang="ar" dir="rtl"');
    const finnish = await (await fetch(`${base}/`, { headers: { "Accept-Language": "fi" } })).text();
    expect(finnish).toContain('<html lang="fi" dir="ltr"');
  });

  it("remembers the chosen language in a cookie and returns to the page, never off-site", async () => {
    const response = await fetch(`${base}/sprak?lng=so&returnTo=/tillganglighet`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/tillganglighet");
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("lng="))!;
    expect(cookie).toMatch(/^lng=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const page = await (await fetch(`${base}/tillganglighet`, { headers: { cookie: cookie.split(";")[0]! } })).text();
    expect(page).toContain('<html lang="so"');

    const offsite = await fetch(`${base}/sprak?lng=so&returnTo=https://evil.example/`, { redirect: "manual" });
    expect(offsite.headers.get("location")).toBe("/");
  });

  it.each([
    ["a broken percent-encoding", "/%E0%A4%A", {}],
    ["a hostile Host header", "/", { headers: { Host: "%%%" } }],
    ["an absolute-form target", "http://evil.example/", {}],
    [
      "a POST to a page without a form",
      "/",
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=b" },
    ],
    ["a route data request for nothing", "/_root.data?_routes=nope", {}],
    ["a very long path", `/${"a".repeat(8000)}`, {}],
    ["a nested query string", "/?a[b][c]=1&lng[]=ar", {}],
    ["a path traversal", "/../../etc/passwd", {}],
    ["a locale traversal", "/locales/..%2f..%2fpackage.json", {}],
  ] as const)("answers %s without a 500 or a stack trace", async (_name, path, init) => {
    const response = await raw(path, init as never);
    expect(response.status).toBeLessThan(500);
    // No stack frame or source path: Remix's own "you made a POST…" message is not one.
    expect(response.body).not.toMatch(/\n\s+at |node_modules|\.tsx?:\d+/);
  });
});

describe("shutdown", () => {
  it("stops accepting, finishes and exits cleanly within a few seconds of SIGTERM", async () => {
    const portal = await startPortal({ SHUTDOWN_GRACE_SECONDS: "3", LOG_LEVEL: "info" });
    const started = Date.now();
    const code = await portal.stop("SIGTERM");
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(portal.output()).toContain('"msg":"stopped"');
  });
});
