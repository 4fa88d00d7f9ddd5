import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";

const base = inject("portalUrl");

/** A visitor's cookie jar and the form token the portal gave them, as a browser would keep them. */
async function visitor() {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const entry = await fetch(`${base}/orosanmalan`);
  remember(entry);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await entry.text())![1]!;
  const post = async (path: string, body: BodyInit, type = "application/x-www-form-urlencoded") => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      body,
      headers: { cookie: cookie(), "content-type": type, origin: base },
      redirect: "manual",
    });
    remember(response);
    return response;
  };
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { cookie: cookie() }, redirect: "manual" });
    remember(response);
    return response;
  };
  return { csrf, post, get };
}

const steps = [
  "vem",
  "anonym",
  "om-vem",
  "barn",
  "oro",
  "fara",
  "bilagor",
  "granska",
  "finns-inte",
  "..%2F..",
  "vem.data",
];
const names = [
  "reporter",
  "anonymous",
  "about",
  "name",
  "age",
  "pnr",
  "what",
  "when",
  "source",
  "danger",
  "intent",
  "index",
  "editing",
  "returnToReview",
  "remove",
  "choice-bilaga",
  "csrf",
  "birthDate-day",
  "birthDate-month",
  "birthDate-year",
];

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "ja",
    "nej",
    "yrkesperson",
    "privatperson",
    "barn",
    "vuxen",
    "add",
    "remove",
    "continue",
    "upload",
    "0",
    "99",
    "-1",
    "1e9",
  ),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("<script>alert(1)</script>", "'; drop table submission; --", "\u0000", "\u202e", "x".repeat(20_000)),
);

describe("every form action under hostile input", () => {
  it("never answers 5xx, whatever is posted to any step", async () => {
    const { csrf, post, get } = await visitor();
    const started = await post("/orosanmalan/starta", new URLSearchParams({ csrf }));
    expect(started.status).toBe(303);
    const draftBase = started.headers.get("location")!.replace(/\/[^/]+$/, "");

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...steps),
        fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 12 }),
        fc.boolean(),
        async (step, pairs, withToken) => {
          const form = new URLSearchParams(pairs);
          if (withToken) form.set("csrf", csrf);
          const response = await post(`${draftBase}/${step}`, form);
          expect(response.status, `${step} ${form}`).toBeLessThan(500);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );

    // The draft is intact: its current step still renders.
    const resume = await get(draftBase);
    expect([200, 302]).toContain(resume.status);
    const page = await get(resume.headers.get("location") ?? draftBase);
    expect(page.status).toBe(200);
  });

  it("refuses broken bodies and wrong content types with a 4xx", async () => {
    const { csrf, post } = await visitor();
    const started = await post("/orosanmalan/starta", new URLSearchParams({ csrf }));
    const step = started.headers.get("location")!;
    for (const [body, type] of [
      ["%%%=%%%&csrf=" + csrf, "application/x-www-form-urlencoded"],
      ["\xff\xfe\xfd", "application/x-www-form-urlencoded"],
      ['{"reporter":"ja"}', "application/json"],
      ['--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n', "multipart/form-data; boundary=x"],
      ["x".repeat(300_000), "application/x-www-form-urlencoded"],
    ] as const) {
      const response = await post(step, body, type);
      expect(response.status, type).toBeGreaterThanOrEqual(400);
      expect(response.status, type).toBeLessThan(500);
    }
  });
});
