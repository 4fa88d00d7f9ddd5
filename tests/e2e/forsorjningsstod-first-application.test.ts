import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newContext } from "../support/browser";
import { apply } from "../support/forsorjningsstod-flow";
import { loginAs } from "../support/login";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const sv = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../locales/sv/forsorjningsstod.json"), "utf8"),
) as { documents: Record<string, { label: string }> };

describe("a first application for försörjningsstöd", () => {
  it.each([true, false])(
    "(JavaScript %s) asks for the first application's documents and Migrationsverket's decision, and is sent",
    async (javaScript) => {
      const context = await newContext(browser, { baseURL, javaScript });
      const page = await context.newPage();
      // Not Anna: forsorjningsstod.test.ts fills her draft at the same time in another worker, and
      // a person has one draft per e-service, so the two walks would answer each other's steps.
      await loginAs(page, "gustav", { returnTo: "/forsorjningsstod" });
      let documents = "";
      let monthsStatements = -1;
      const { violations, reference } = await apply(page, javaScript, {
        first: true,
        onDocuments: async () => {
          documents = (await page.textContent("main")) ?? "";
          monthsStatements = await page.locator('input[name="choice-kontoutdrag"]').count();
        },
      });
      expect(violations).toEqual({});
      for (const rule of [
        "id-handling",
        "kontooversikt",
        "kontoutdrag-tre-manader",
        "deklaration",
        "andrahand-godkannande",
        "migrationsverket",
        "hyreskontrakt",
      ])
        expect(documents).toContain(sv.documents[rule]!.label);
      // The month's statements of a repeat application are not asked for as well.
      expect(monthsStatements).toBe(0);
      await page.goto(`/mina-sidor/arenden/${reference}`);
      expect(await page.textContent("main")).toContain("hyreskontrakt.pdf");
      await context.close();
    },
    // Every step is checked with axe when JavaScript runs: a long path on a shared machine.
    300_000,
  );
});
