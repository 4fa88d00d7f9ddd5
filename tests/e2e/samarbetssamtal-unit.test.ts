import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { loginAs } from "../support/login";
import { startPortal, type PortalProcess } from "../support/portal-process";
import { openVisitor, requestTalk } from "../support/samarbetssamtal-flow";

/**
 * A municipality that keeps samarbetssamtal out of the case system: a parent's request lands on
 * the family-law unit's own list, where staff read it and mark it handled; the unit publishes a
 * normal week in one form, releases the request and swaps the parents' days. Two browser contexts
 * (the parent, the unit); the staff pages axe clean at 360 px in sv, ar and so, and posted without
 * JavaScript.
 */

const root = path.resolve(import.meta.dirname, "../..");
const text = (language: string, namespace: string, key: string): string =>
  key
    .split(".")
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      JSON.parse(readFileSync(path.join(root, "locales", language, `${namespace}.json`), "utf8")),
    ) as string;
const day = (n: number) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() + n * 86_400_000));
const SHOTS = process.env.E2E_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `16-${name}.png`), fullPage: true });
};

describe("samarbetssamtal on the unit's own list, in Chromium", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-e2e-ssu-"));
  let portal: PortalProcess;
  let browser: Browser;
  let reference = "";

  beforeAll(async () => {
    portal = await startPortal({
      DATA_DIR: dataDir,
      SAMARBETSSAMTAL_REGISTRATION: "unit",
      BOOKING_JOB_INTERVAL_SECONDS: "1",
    });
    browser = await launchChromium();
    // Its own portal: on a loaded machine start-up alone can pass the project's two minutes.
  }, 420_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets Frida publish a normal week in one post without JavaScript, and says what is wrong in a bad one", async () => {
    const context = await newContext(browser, { baseURL: portal.url, javaScript: false });
    const page = await context.newPage();
    await loginAs(page, "frida", { staff: true, returnTo: "/personal/familjeratt/tider" });
    const form = page.locator('main form:has(input[name="intent"][value="publish-week"])');
    await form.locator('input[name="from"]').fill(day(7));
    await form.locator('input[name="to"]').fill(day(13));
    // Monday to Friday is chosen to begin with; take every day so the week has seven.
    for (const d of ["6", "7"]) await form.locator(`input[name="weekdays"][value="${d}"]`).check();
    await form.locator('input[name="dayStart"]').fill("09:00");
    await form.locator('input[name="dayEnd"]').fill("12:00");
    await form.locator('input[name="breakStart"]').fill("10:00");
    await form.locator('input[name="breakEnd"]').fill("10:30");
    await form.locator('input[name="minutes"]').fill("60");
    await form.locator('input[name="location"]').fill("Familjerätten Kyrkgatan 5 rum C");
    await Promise.all([page.waitForURL(/publicerade=/), form.locator('button[type="submit"]').click()]);
    // 09:00, 10:30 (after the break) and nothing at 11:30, which would end after 12:00: two a day.
    expect(new URL(page.url()).searchParams.get("publicerade")).toBe("14");

    // The form is empty again after publishing: a day that ends before it starts.
    await form.locator('input[name="from"]').fill(day(7));
    await form.locator('input[name="to"]').fill(day(13));
    await form.locator('input[name="dayStart"]').fill("09:00");
    await form.locator('input[name="dayEnd"]').fill("08:00");
    await form.locator('input[name="location"]').fill("Familjerätten Kyrkgatan 5 rum C");
    await form.locator('button[type="submit"]').click();
    await page.locator(".error-summary").waitFor();
    expect(await page.textContent(".error-summary")).toContain(text("sv", "staff", "slots.week.errors.dayEnd.order"));
    expect(await page.title()).not.toBe("");
    await context.close();
  });

  it("puts Cecilia's request on the unit's list, where Frida reads it and marks it handled", async () => {
    const cecilia = await openVisitor(browser, portal.url, { javaScript: true, language: "sv" });
    await loginAs(cecilia.page, "cecilia", { returnTo: "/samarbetssamtal/bokningar" });
    const asked = await requestTalk(cecilia, {
      child: { name: "Alvaceciliasbarn", age: 7 },
      other: { name: "David Dahl", email: "david@example.se" },
      safe: "nej",
      contact: { phone: "070-111 11 11" },
      slot: "ingen",
    });
    reference = asked.reference;
    await cecilia.context.close();

    const context = await newContext(browser, { baseURL: portal.url, width: WIDTHS.mobile });
    const page = await context.newPage();
    await loginAs(page, "frida", { staff: true, returnTo: "/personal/familjeratt/forfragningar" });
    for (const language of ["sv", "ar", "so"] as const) {
      await page.goto(
        `/sprak?${new URLSearchParams({ lng: language, returnTo: "/personal/familjeratt/forfragningar" })}`,
      );
      expect(await page.getAttribute("html", "lang")).toBe(language);
      expect(await page.textContent("main h1")).toBe(text(language, "staff", "unitList.title"));
      expect(await page.textContent("main")).toContain(reference);
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, `unit-list-${language}-360`);
      await page.goto(`/personal/familjeratt/forfragningar/${reference}`);
      expect(await page.textContent("main")).toContain(
        text(language, "samarbetssamtal", "fields.familj.custody.options.gemensam"),
      );
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, `unit-item-${language}-360`);
      await page.goto(`/personal/familjeratt/tider`);
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, `slots-week-${language}-360`);
    }
    await page.goto(`/sprak?${new URLSearchParams({ lng: "sv", returnTo: "/personal" })}`);
    await context.close();

    // Marking it handled is a plain post.
    const plain = await newContext(browser, { baseURL: portal.url, javaScript: false });
    const p = await plain.newPage();
    await loginAs(p, "frida", { staff: true, returnTo: `/personal/familjeratt/forfragningar/${reference}` });
    await Promise.all([p.waitForURL(/hanterad=/), p.click('button[name="intent"][value="handled"]')]);
    expect(await p.textContent('main [role="status"]')).toContain(reference);
    expect(await p.textContent("main table")).toContain(text("sv", "staff", "unitList.handled").split(" ")[0]!);
    await plain.close();
    // Nine pages checked with axe, in three languages: longer than the project's two minutes under load.
  }, 400_000);

  it("lets Frida release the request and swap the parents' days on the linked view, without JavaScript", async () => {
    const context = await newContext(browser, { baseURL: portal.url, javaScript: false });
    const page = await context.newPage();
    await loginAs(page, "frida", { staff: true, returnTo: "/personal/familjeratt/bokningar" });
    const card = page.locator("main section.notice", { hasText: reference });
    await card.locator('input[name="screened"]').check();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("klart") === "released"),
      card.locator('button[name="intent"][value="release"]').click(),
    ]);
    // Neither parent holds a time yet: the unit may swap which of them gets which days.
    const row = page.locator("main tr", { hasText: reference });
    expect(await row.textContent()).toContain(text("sv", "staff", "bookings.keptApart"));
    const before = await row.locator("td").nth(6).textContent();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("klart") === "days_swapped"),
      row.locator('button[value="swap-days"]').click(),
    ]);
    const after = await page.locator("main tr", { hasText: reference }).locator("td").nth(6).textContent();
    expect(after).not.toBe(before);
    await shot(page, "linked-requests-sv");
    await context.close();
  });
});
