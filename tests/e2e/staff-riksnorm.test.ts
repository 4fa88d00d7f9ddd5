import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthWindow } from "~/intake/fields";
import fixture from "../support/riksnorm-2026-fixture.json";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { loginAs } from "../support/login";
import { startPortal, type PortalProcess } from "../support/portal-process";

/**
 * The administrator's riksnorm page in the built portal, with JavaScript on and off: a new year
 * typed beside the previous one, a mistyped table refused with the difference named, and, once
 * the years around today are published, the entry page promising an estimate it did not before.
 * Screenshots at 1280 px go to RIKSNORM_SHOTS (default: a folder under the OS's tmp). axe runs in
 * the run with JavaScript (it is a script in the page); the sweep in accessibility.test.ts covers
 * both pages in every language.
 */

const shots = process.env.RIKSNORM_SHOTS ?? path.join(process.env.TMPDIR ?? "/tmp", "ingang-riksnorm-shots");
const [table] = fixture;

/** The made-up test figures (totals 5 220 and 8 510), typed into the year's form. */
async function typeTable(page: Page, changes: Record<string, string> = {}) {
  const figures: Record<string, number> = {
    ...Object.fromEntries(Object.entries(table!.children).map(([band, n]) => [`children.${band}`, n])),
    ...Object.fromEntries(
      Object.entries(table!.childrenWithoutLunch).map(([band, n]) => [`childrenWithoutLunch.${band}`, n]),
    ),
    "adults.single": table!.adults.single,
    "adults.cohabitingCouple": table!.adults.cohabitingCouple,
    ...Object.fromEntries(table!.sharedCosts.map((n, i) => [`sharedCosts.${i + 1}`, n])),
    sharedCostsPerPersonAbove7: table!.sharedCostsPerPersonAbove7,
  };
  const values: Record<string, string> = {
    ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, String(v)])),
    announcedSingle: "5 220",
    announcedCouple: "8 510",
    announcedBy: "Regeringen (testtabell)",
    announcedOn: "2025-11-20",
    sourceUrl: "https://www.regeringen.se/",
    ...changes,
  };
  for (const [field, value] of Object.entries(values)) await page.fill(`[name="${field}"]`, value);
}

/** Presses a button and waits for what the answer shows (a full page without JavaScript, or Remix's update with it). */
async function press(page: Page, button: string, shows: string) {
  await page.click(button);
  await page.waitForSelector(shows, { timeout: 120_000 });
  await page.waitForLoadState("load");
}

/** Whether the entry page promises an estimate: only when every month one may apply for has a table. */
async function promisesEstimate(page: Page) {
  await page.goto("/forsorjningsstod");
  return (await page.textContent("main"))!.includes("Innan du skickar ansökan ser du en uppskattning");
}

describe("the staff console's riksnorm page", () => {
  const published = new Set<number>();
  let portal: PortalProcess;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    portal = await startPortal();
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it.each([
    ["without JavaScript", false],
    ["with JavaScript", true],
  ] as const)(
    "takes a year's table, refuses a mistyped one with the difference, and publishes (%s)",
    async (_label, javaScript) => {
      const year = javaScript ? new Date().getFullYear() + 1 : new Date().getFullYear();
      const resident = await (await newContext(browser, { baseURL: portal.url })).newPage();
      if (published.size === 0) expect(await promisesEstimate(resident)).toBe(false);
      const page = await (
        await newContext(browser, { baseURL: portal.url, width: WIDTHS.desktop, javaScript })
      ).newPage();
      await loginAs(page, "alva", { staff: true });

      await page.goto("/personal/riksnorm");
      if (javaScript) expect(await axeViolations(page)).toEqual([]);
      await page.fill("#f-year", String(year));
      await press(page, 'main button:has-text("Fortsätt")', `h1:has-text("Riksnorm ${year}")`);
      expect(new URL(page.url()).pathname).toBe(`/personal/riksnorm/${year}`);
      expect(await page.textContent("h1")).toBe(`Riksnorm ${year}`);
      if (javaScript) expect(await axeViolations(page)).toEqual([]);
      if (!javaScript) await page.screenshot({ path: path.join(shots, "riksnorm-new-year-1280.png"), fullPage: true });

      // One figure mistyped: refused, the difference named, the typed value kept.
      await typeTable(page, { "adults.single": "3970" });
      await press(page, "#publish", ".error-summary");
      const summary = (await page.textContent(".error-summary"))!.replace(/\s/g, " ");
      expect(summary).toContain("Tabellen ger 5 230 kr. Det är 10 kr mer än de 5 220 kr som står i beslutet.");
      expect(await page.inputValue('[name="adults.single"]')).toBe("3970");
      if (javaScript) expect(await axeViolations(page)).toEqual([]);
      if (!javaScript) await page.screenshot({ path: path.join(shots, "riksnorm-refused-1280.png"), fullPage: true });

      await page.fill('[name="adults.single"]', String(table!.adults.single));
      await press(page, "#publish", `[role="status"]`);
      expect(await page.textContent('[role="status"]')).toContain(`Tabellen för ${year} är publicerad`);
      if (javaScript) expect(await axeViolations(page)).toEqual([]);
      if (javaScript) await page.screenshot({ path: path.join(shots, "riksnorm-published-1280.png"), fullPage: true });

      // The entry page promises an estimate once every month one may apply for today has a table
      // (the e-service's window: two months back, one ahead).
      published.add(year);
      const covered = monthWindow({ monthsBack: 2, monthsAhead: 1 }, new Date()).every((month) =>
        published.has(Number(month.slice(0, 4))),
      );
      expect(await promisesEstimate(resident)).toBe(covered);
      await resident.context().close();
      await page.context().close();
    },
  );
});
