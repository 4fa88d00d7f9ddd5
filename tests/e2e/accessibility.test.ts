import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { languages } from "~/i18n/languages";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { publicPages } from "./pages";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe.each(Object.entries(WIDTHS))("axe at %s width (%i px)", (_label, width) => {
  it.each(languages.map((l) => [l.code, l] as const))("every public page in %s has no WCAG 2.1 A/AA violation", async (_code, language) => {
    const context = await newContext(browser, { width, baseURL });
    const page = await context.newPage();
    const report: Record<string, unknown> = {};
    for (const target of publicPages) {
      const response = await page.goto(`${target.path}?lng=${language.code}`);
      expect(response?.status(), target.path).toBe("status" in target ? target.status : 200);
      expect(await page.getAttribute("html", "lang")).toBe(language.htmlLang);
      expect(await page.getAttribute("html", "dir")).toBe(language.dir);
      const violations = await axeViolations(page);
      if (violations.length) report[target.path] = violations;
    }
    await context.close();
    expect(report).toEqual({});
  });
});
