import { describe, expect, inject, it } from "vitest";

const base = inject("portalUrl");

/** fetch decodes bodies itself; the headers still say what came over the wire. */
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { "Accept-Encoding": "br, gzip", ...headers } });

describe("compressed responses", () => {
  it("sends hashed scripts compressed and cached for good", async () => {
    const page = await (await get("/", { "Sec-Fetch-Site": "none" })).text();
    const script = /src="(\/assets\/[^"]+\.js)"|href="(\/assets\/[^"]+\.js)"/.exec(page)!;
    const response = await get(script[1] ?? script[2]!);
    expect(response.headers.get("content-encoding")).toBe("br");
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("vary")).toContain("Accept-Encoding");
  });

  it("compresses translations", async () => {
    const response = await get("/locales/sv/forsorjningsstod.json");
    expect(response.headers.get("content-encoding")).toBe("br");
    expect((await response.json()) as object).toBeTypeOf("object");
  });

  it("compresses a page the person's own browsing asked for, and sends the same text", async () => {
    const plain = await (await fetch(`${base}/?lng=ar`, { headers: { "Accept-Encoding": "identity" } })).text();
    for (const site of ["none", "same-origin"]) {
      const response = await get("/?lng=ar", { "Sec-Fetch-Site": site });
      expect(response.headers.get("content-encoding")).toBe("br");
      const text = await response.text();
      expect(text.replace(/nonce="[^"]*"|value="[^"]*"|\\"csrfToken\\",\\"[^\\]*\\"/g, "")).toBe(
        plain.replace(/nonce="[^"]*"|value="[^"]*"|\\"csrfToken\\",\\"[^\\]*\\"/g, ""),
      );
    }
  });

  it("does not compress a page another site made the browser load, so its size tells nothing (BREACH)", async () => {
    const asked: Record<string, string>[] = [{ "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "same-site" }, {}];
    for (const headers of asked) {
      const response = await get("/", headers);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding")).toBeNull();
    }
  });
});
