import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { services } from "~/e-services/registry.server";
import type { EServiceDefinition } from "~/intake/definition";
import {
  fillService,
  forsorjningsstodAnswers,
  loginResident,
  send,
  twoSmallFiles,
  WebClient,
} from "../support/web-client";

/**
 * Property-based fuzzing of every form action a resident can reach: each step of each
 * e-service (every input the definitions declare, and the engine's own controls), the review
 * page, and Mina sidor's actions. Whatever is posted, with or without the form token, in any
 * content type, the portal answers below 500, and the draft still works afterwards.
 */

const base = inject("portalUrl");

/** Input names a step's page can post: its fields' inputs, custom inputs and the engine's controls. */
function inputNames(definition: EServiceDefinition): string[] {
  const names = new Set(["csrf", "intent", "index", "editing", "returnToReview", "remove", "declaration"]);
  for (const step of definition.steps)
    for (const [name, field] of Object.entries(step.fields))
      for (const input of field.inputNames(name)) names.add(input);
  for (const rule of definition.documents?.rules ?? []) names.add(`choice-${rule.id}`);
  // Custom steps' own inputs.
  for (const custom of ["coApplicantPnr", "kind", "slot", "booking"]) names.add(custom);
  return [...names];
}

/** Values the fields would accept, and values nobody should send. */
function values(definition: EServiceDefinition) {
  const options = new Set<string>([
    "ja",
    "nej",
    "add",
    "remove",
    "continue",
    "upload",
    "later",
    "withdraw",
    "0",
    "99",
    "-1",
    "1e9",
  ]);
  for (const step of definition.steps)
    for (const field of Object.values(step.fields))
      for (const option of (field as { options?: readonly string[] }).options ?? []) options.add(option);
  return fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(...options),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.constantFrom(
      "<script>alert(1)</script>",
      "'; drop table submission; --",
      "\u0000",
      "\u202e",
      "x".repeat(20_000),
      "19850312-9820",
      "2026-13",
      "NaN",
      "reuse:EB-AAAA-AAAA",
      "../../etc/passwd",
    ),
  );
}

const bodyKinds = fc.constantFrom("urlencoded", "multipart", "json", "garbage");

async function post(client: WebClient, path: string, pairs: [string, string][], token: string | null, kind: string) {
  if (kind === "multipart") {
    const form = new FormData();
    if (token) form.append("csrf", token);
    for (const [k, v] of pairs) form.append(k, v);
    return client.postMultipart(path, form);
  }
  if (kind === "json")
    return client.request(path, {
      method: "POST",
      body: JSON.stringify(Object.fromEntries(pairs)),
      headers: { "content-type": "application/json" },
    });
  if (kind === "garbage")
    return client.request(path, {
      method: "POST",
      body: `%%%${pairs.map(([k, v]) => `${k}=${v}`).join("&")}\xff`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  const form = new URLSearchParams(pairs);
  if (token) form.set("csrf", token);
  return client.postForm(path, form);
}

/** Fuzzes the given paths: any of them, any fields, with or without the token, any body. */
async function fuzz(
  client: WebClient,
  token: string,
  paths: string[],
  names: string[],
  value: fc.Arbitrary<string>,
  numRuns: number,
) {
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...paths),
      fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 12 }),
      fc.boolean(),
      bodyKinds,
      async (path, pairs, withToken, kind) => {
        const response = await post(client, path, pairs, withToken ? token : null, kind);
        await response.arrayBuffer();
        if (response.status >= 500)
          failures.push(`${response.status} ${kind} ${path} ${JSON.stringify(pairs).slice(0, 300)}`);
        expect(response.status, `${kind} ${path}`).toBeLessThan(500);
      },
    ),
    { numRuns },
  );
  expect(failures).toEqual([]);
}

async function draftFor(client: WebClient, slug: string) {
  const entry = await client.page(`/${slug}`);
  const started = await client.postForm(`/${slug}/starta`, { csrf: entry.csrf! });
  await started.arrayBuffer();
  expect(started.status).toBe(303);
  const first = started.headers.get("location")!;
  return { draftBase: first.replace(/\/[^/]+$/, ""), csrf: entry.csrf! };
}

describe("every form action of every e-service under hostile input", () => {
  const who: Record<string, string | null> = {
    orosanmalan: null,
    forsorjningsstod: "anna",
    samarbetssamtal: "cecilia",
  };

  for (const definition of services) {
    it(`${definition.slug}: never answers 5xx, whatever is posted to any step or the review`, async () => {
      const client = new WebClient(base);
      const person = who[definition.slug];
      if (person) await loginResident(client, person, `/${definition.slug}`);
      const { draftBase, csrf } = await draftFor(client, definition.slug);
      const paths = [
        ...definition.steps.map((s) => `${draftBase}/${s.id}`),
        `${draftBase}/granska`,
        `${draftBase}/finns-inte`,
        `${draftBase}/..%2F..`,
        `/${definition.slug}/starta`,
        `/${definition.slug}/utkast/00000000-0000-0000-0000-000000000000/${definition.steps[0]!.id}`,
        `/${definition.slug}/utkast/not-a-uuid/granska`,
      ];
      await fuzz(client, csrf, paths, inputNames(definition), values(definition), 120);

      // The draft is intact: its current step still renders.
      const resume = await client.request(draftBase);
      await resume.arrayBuffer();
      expect([200, 302]).toContain(resume.status);
      const page = await client.request(resume.headers.get("location") ?? draftBase);
      await page.arrayBuffer();
      expect(page.status).toBe(200);
    });
  }
});

describe("Mina sidor's actions under hostile input", () => {
  let anna: WebClient;
  let reference: string;
  let csrf: string;
  let draftId: string;

  beforeAll(async () => {
    anna = new WebClient(base);
    await loginResident(anna, "anna");
    reference = await send(
      anna,
      await fillService(anna, "forsorjningsstod", forsorjningsstodAnswers(), twoSmallFiles()),
    );
    const draft = await draftFor(anna, "forsorjningsstod");
    draftId = draft.draftBase.split("/").pop()!;
    csrf = draft.csrf;
  });

  it("never answers 5xx on contact details, messages, withdrawal, drafts, confirmations and bookings", async () => {
    const paths = [
      "/mina-sidor/kontakt",
      `/mina-sidor/arenden/${reference}`,
      "/mina-sidor/arenden/EB-AAAA-AAAA",
      "/mina-sidor/arenden/..%2F..",
      `/mina-sidor/utkast/${draftId}/ta-bort`,
      "/mina-sidor/utkast/00000000-0000-0000-0000-000000000000/ta-bort",
      "/mina-sidor/utkast/not-a-uuid/ta-bort",
      `/bekrafta/${reference}`,
      "/bekrafta/EB-AAAA-AAAA",
      `/samarbetssamtal/bokning/${reference}`,
      "/samarbetssamtal/bokning/SS-AAAA-AAAA",
      "/samarbetssamtal/inbjudan/00000000-0000-0000-0000-000000000000",
      "/samarbetssamtal/inbjudan/x",
      "/session/forlang",
      "/sprak",
      "/",
    ];
    const names = [
      "csrf",
      "intent",
      "message",
      "notifyBy",
      "email",
      "phone",
      "answer",
      "slot",
      "booking",
      "returnTo",
      "reason",
      "lng",
      "file",
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        "email",
        "sms",
        "none",
        "withdraw",
        "message",
        "confirm",
        "decline",
        "accept",
        "book",
        "cancel",
        "anna@example.test",
        "070-123 45 67",
        "x".repeat(6000),
        "<script>alert(1)</script>",
        "//evil.example/",
      ),
    );
    await fuzz(anna, csrf, paths, names, value, 150);
    // Still logged in, and the submission is still there.
    const still = await anna.request(`/mina-sidor/arenden/${reference}`);
    await still.arrayBuffer();
    expect(still.status).toBe(200);
  });

  it("logs out, whatever is posted to the logout form, never with a 5xx nor to another site", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom("csrf", "reason", "returnTo"),
            fc.oneof(
              fc.string(),
              fc.constantFrom("expired", "https://evil.example/", "//evil.example", "/\\evil.example"),
            ),
          ),
          { maxLength: 5 },
        ),
        fc.boolean(),
        async (pairs, withToken) => {
          const client = new WebClient(base);
          await loginResident(client, "hanna");
          const page = await client.page("/mina-sidor");
          const response = await post(client, "/logga-ut", pairs, withToken ? page.csrf : null, "urlencoded");
          await response.arrayBuffer();
          expect(response.status).toBeLessThan(500);
          const location = response.headers.get("location");
          // Back to this portal (its login, its logged-out page, or the embedded provider's logout).
          if (location) expect(new URL(location, base).origin).toBe(new URL(base).origin);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("broken request bodies", () => {
  it("refuses broken bodies and wrong content types with a 4xx", async () => {
    const client = new WebClient(base);
    const { draftBase, csrf } = await draftFor(client, "orosanmalan");
    const step = `${draftBase}/vem`;
    for (const [body, type] of [
      ["%%%=%%%&csrf=" + csrf, "application/x-www-form-urlencoded"],
      ["\xff\xfe\xfd", "application/x-www-form-urlencoded"],
      ['{"reporter":"ja"}', "application/json"],
      ['--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n', "multipart/form-data; boundary=x"],
      ["x".repeat(300_000), "application/x-www-form-urlencoded"],
    ] as const) {
      const response = await client.request(step, { method: "POST", body, headers: { "content-type": type } });
      await response.arrayBuffer();
      expect(response.status, type).toBeGreaterThanOrEqual(400);
      expect(response.status, type).toBeLessThan(500);
    }
  });
});
