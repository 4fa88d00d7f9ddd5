import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { languages, type Language } from "~/i18n/languages";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { loginAs } from "../support/login";
import { publicPages, residentPages, staffPages } from "./pages";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

type Target = { path: string; status?: number };

async function sweep(page: Page, targets: readonly Target[], language: Language) {
  const report: Record<string, unknown> = {};
  for (const target of targets) {
    const separator = target.path.includes("?") ? "&" : "?";
    const response = await page.goto(`${target.path}${separator}lng=${language.code}`);
    expect(response?.status(), target.path).toBe(target.status ?? 200);
    expect(await page.getAttribute("html", "lang")).toBe(language.htmlLang);
    expect(await page.getAttribute("html", "dir")).toBe(language.dir);
    const violations = await axeViolations(page);
    if (violations.length) report[target.path] = violations;
  }
  return report;
}

describe.each(Object.entries(WIDTHS))("axe at %s width (%i px)", (_label, width) => {
  it.each(languages.map((l) => [l.code, l] as const))(
    "every page in %s has no WCAG 2.1 A/AA violation",
    async (_code, language) => {
      const anonymous = await newContext(browser, { width, baseURL });
      expect(await sweep(await anonymous.newPage(), publicPages, language)).toEqual({});
      await anonymous.close();

      const resident = await newContext(browser, { width, baseURL });
      const residentPage = await resident.newPage();
      await loginAs(residentPage, "anna");
      expect(await sweep(residentPage, residentPages, language)).toEqual({});
      await resident.close();

      // Each staff page as a member whose roles open it.
      for (const person of [...new Set(staffPages.map((p) => p.as))]) {
        const staff = await newContext(browser, { width, baseURL });
        const staffPage = await staff.newPage();
        await loginAs(staffPage, person, { staff: true });
        expect(
          await sweep(
            staffPage,
            staffPages.filter((p) => p.as === person),
            language,
          ),
        ).toEqual({});
        await staff.close();
      }
    },
  );
});

describe("the embedded test identity provider's page", () => {
  it("has no WCAG 2.1 A/AA violation", async () => {
    const context = await newContext(browser, { baseURL });
    const page = await context.newPage();
    await page.goto("/logga-in/e-legitimation?returnTo=/mina-sidor");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
