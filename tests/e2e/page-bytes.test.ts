import { describe, expect, inject, it } from "vitest";
import { languageCodes } from "~/i18n/languages";
import { launchChromium } from "../support/browser";
import { loginAs } from "../support/login";
import { startPortal } from "../support/portal-process";

const base = inject("portalUrl");

/** A visitor without a browser: cookies kept, redirects not followed. */
function visitor() {
  const cookies = new Map<string, string>();
  return async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set("Cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(new URL(path, base), { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return response;
  };
}

/** Where in the bytes a NUL or a replacement character (a broken UTF-8 sequence) sits, if anywhere. */
function brokenCharacters(bytes: Uint8Array): string[] {
  const found: string[] = [];
  const nul = bytes.indexOf(0);
  if (nul >= 0) found.push(`U+0000 at byte ${nul}`);
  const text = new TextDecoder("utf-8").decode(bytes);
  const replacement = text.indexOf("\uFFFD");
  if (replacement >= 0) found.push(`U+FFFD near "${text.slice(Math.max(0, replacement - 20), replacement + 20)}"`);
  return found;
}

const pageKinds = [
  "/",
  "/tillganglighet",
  "/personuppgifter",
  "/api/robot/v1",
  "/finns-inte",
  "/logga-in",
  "/personal/logga-in",
  "/utloggad",
  "/orosanmalan",
  "/forsorjningsstod",
  "/samarbetssamtal",
];

/** Long text in two- three- and four-byte characters, so every alignment at a buffer edge occurs. */
const longText = Array.from({ length: 400 }, (_, i) =>
  ["å", "ش", "ä", "ی", "ö", "€", "😀", "a"][i % 8]!.repeat(1 + (i % 5)),
).join(" ");

describe("the bytes of every page", () => {
  it("hold no NUL byte and no broken character, in any language", async () => {
    const get = visitor();
    const broken: string[] = [];
    const check = async (path: string) => {
      const response = await get(path);
      for (const problem of brokenCharacters(new Uint8Array(await response.arrayBuffer())))
        broken.push(`${path}: ${problem}`);
      return response;
    };
    for (const language of languageCodes) for (const path of pageKinds) await check(`${path}?lng=${language}`);

    // A form step, and the same step given back with a long text and an error to answer.
    const start = await (await get("/orosanmalan")).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(start)![1]!;
    const started = await get("/orosanmalan/starta", { method: "POST", body: new URLSearchParams({ csrf }) });
    let step = new URL(started.headers.get("location")!, base).pathname;
    const answers: Record<string, Record<string, string>> = {
      vem: { reporter: "privatperson" },
      anonym: { anonymous: "ja" },
      "om-vem": { about: "vuxen" },
      vuxen: { name: longText.slice(0, 60) },
      omrade: { areas: "missbruk" },
      "vuxen-kannedom": { knows: "nej", consent: "nej", childrenAtHome: "nej" },
    };
    while (!step.endsWith("/oro")) {
      const values = answers[step.split("/").at(-1)!];
      if (!values) throw new Error(`unexpected step ${step}`);
      const posted = await get(step, {
        method: "POST",
        body: new URLSearchParams({ csrf, intent: "continue", ...values }),
      });
      expect(posted.status).toBe(303);
      step = new URL(posted.headers.get("location")!, base).pathname;
    }
    for (const language of languageCodes) {
      await check(`${step}?lng=${language}`);
      const answered = await check(`${step}?lng=${language}`);
      expect(answered.status).toBe(200);
      const withError = await get(`${step}?lng=${language}`, {
        method: "POST",
        body: new URLSearchParams({ csrf, intent: "continue", what: longText, when: "", source: "" }),
      });
      expect(withError.status).toBe(400);
      const bytes = new Uint8Array(await withError.arrayBuffer());
      expect(new TextDecoder().decode(bytes)).toContain(longText.slice(0, 200));
      for (const problem of brokenCharacters(bytes)) broken.push(`${step} with an error (${language}): ${problem}`);
    }
    expect(broken).toEqual([]);
  });
});

describe("pages rendered at the same time for different people", () => {
  it("never mix one person's name, number or language into another's page", async () => {
    const browser = await launchChromium();
    try {
      const people = [
        { id: "anna", name: "Anna Andersson", pnr: "19850312-9820", language: "ar" },
        { id: "hanna", name: "Hanna Hansson", pnr: "19820620-9804", language: "fi" },
      ] as const;
      const contexts = await Promise.all(
        people.map(async (person) => {
          const context = await browser.newContext({ baseURL: base });
          await loginAs(await context.newPage(), person.id);
          return { person, context };
        }),
      );
      // Interleaved requests, so the server renders the two people's pages side by side.
      const pages = await Promise.all(
        Array.from({ length: 40 }, (_, i) => contexts[i % 2]!).map(async ({ person, context }) => {
          const response = await context.request.get(`/mina-sidor?lng=${person.language}`);
          return { person, html: await response.text() };
        }),
      );
      for (const { person, html } of pages) {
        const other = people.find((p) => p !== person)!;
        expect(html).toContain(person.name);
        expect(html).toContain(person.pnr);
        expect(html).toContain(`data-language="${person.language}"`);
        expect(html).not.toContain(other.name);
        expect(html).not.toContain(other.pnr);
        expect(html).not.toContain(`data-language="${other.language}"`);
      }
    } finally {
      await browser.close();
    }
  });
});

describe("a page once sent", () => {
  it("is not aborted afterwards: no render error is logged after the render's time limit", async () => {
    const portal = await startPortal({ LOG_LEVEL: "info" });
    try {
      for (const language of ["sv", "ar"]) expect((await fetch(`${portal.url}/?lng=${language}`)).status).toBe(200);
      // The render is cut short after 6 s if it has not finished; a finished one must be left alone.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(portal.output()).not.toContain("render failed");
    } finally {
      await portal.stop();
    }
  });
});
