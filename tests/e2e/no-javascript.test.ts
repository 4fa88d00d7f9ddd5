import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newContext } from "../support/browser";
import { publicPages } from "./pages";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe("with JavaScript turned off", () => {
  it.each(publicPages.map((p) => [p.name, p] as const))("renders the %s page whole", async (_name, target) => {
    const context = await newContext(browser, { baseURL, javaScript: false });
    const page = await context.newPage();
    const response = await page.goto(target.path);
    expect(response?.status()).toBe("status" in target ? target.status : 200);
    expect((await page.textContent("h1"))?.trim()).toBeTruthy();
    expect(await page.locator("footer").count()).toBe(1);
    expect(await page.locator('nav.language-bar a[hreflang="fi"]').count()).toBe(1);
    await context.close();
  });

  it("switches language and keeps it on the next page", async () => {
    const context = await newContext(browser, { baseURL, javaScript: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.click('a[hreflang="fa"]');
    await page.waitForLoadState();
    expect(await page.getAttribute("html", "lang")).toBe("fa");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await page.click('footer a[href="/personuppgifter"]');
    expect(await page.getAttribute("html", "lang")).toBe("fa");
    expect(new URL(page.url()).pathname).toBe("/personuppgifter");
    await context.close();
  });
});
