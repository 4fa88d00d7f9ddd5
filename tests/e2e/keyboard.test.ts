import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newContext } from "../support/browser";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** What has focus now, and whether a sighted keyboard user can see that it has. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? "").trim(),
      href: el.getAttribute("href"),
      visibleIndicator: style.outlineStyle !== "none" || style.boxShadow !== "none",
      onScreen: rect.width > 0 && rect.height > 0,
    };
  });
}

describe("keyboard only", () => {
  it("reaches the skip link first, skips to the content, and tabs through the start page to every e-service", async () => {
    const context = await newContext(browser, { baseURL });
    const page = await context.newPage();
    await page.goto("/");

    await page.keyboard.press("Tab");
    const skip = await focused(page);
    expect(skip?.text).toBe("Hoppa till innehållet");
    expect(skip?.onScreen).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    const seen: NonNullable<Awaited<ReturnType<typeof focused>>>[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const now = await focused(page);
      if (!now) break;
      seen.push(now);
      if (now.href === "/personuppgifter") break;
    }
    const hrefs = seen.map((s) => s.href);
    expect(hrefs).toContain("/orosanmalan");
    expect(hrefs).toContain("/forsorjningsstod");
    expect(hrefs).toContain("/samarbetssamtal");
    expect(hrefs).toContain("tel:112");
    expect(hrefs).toContain("/tillganglighet");
    for (const element of seen) {
      expect(element.visibleIndicator, `focus indicator on ${element.href ?? element.text}`).toBe(true);
      expect(element.onScreen, `${element.href} on screen`).toBe(true);
    }
    await context.close();
  });

  it("switches language with the keyboard alone", async () => {
    const context = await newContext(browser, { baseURL });
    const page = await context.newPage();
    await page.goto("/tillganglighet");
    await page.focus('a[hreflang="ar"]');
    await page.keyboard.press("Enter");
    await page.waitForURL("**/tillganglighet");
    expect(await page.getAttribute("html", "lang")).toBe("ar");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await context.close();
  });
});
