import type { Page } from "playwright-core";
import { expect } from "vitest";
import { axeViolations } from "./browser";
import { pdf } from "./sample-files";

/** Drives an application for försörjningsstöd in Chromium, with Bengt as co-applicant, as whoever is logged in. */

export const stepId = (page: Page) => new URL(page.url()).pathname.split("/").pop();

/** Presses a button and waits for the page it leads to, with or without JavaScript. */
export async function press(page: Page, selector: string, javaScript: boolean) {
  const target = page.locator(selector).last();
  if (!javaScript) {
    await Promise.all([page.waitForNavigation(), target.click()]);
    return;
  }
  const before = page.url();
  const count = await page.locator(".items li").count();
  await target.click();
  await page.waitForFunction(
    ([b, n]) =>
      location.href !== b ||
      !!document.querySelector(".error-summary") ||
      document.querySelectorAll(".items li").length !== n,
    [before, count] as const,
    { timeout: 60_000 },
  );
  await page.waitForLoadState("load");
}

export const primary = "main button.button:not(.secondary-button)";
export const check = (page: Page, name: string, value: string) => page.check(`input[name="${name}"][value="${value}"]`);

/** What the applicant writes in her own words: never for the co-applicant's eyes. */
export const PRIVATE_WORDS = "Det här ska bara socialtjänsten läsa.";

/**
 * A repeat application by default; `first` makes it a first application (nyansökan) with Bengt on
 * a temporary residence permit and a second-hand contract, so the first application's documents,
 * the landlord's approval and Migrationsverket's decision are all asked for. `onDocuments` runs
 * on the documents step before it is answered (to look at it).
 */
export async function apply(
  page: Page,
  javaScript: boolean,
  options: { first?: boolean; onDocuments?: () => Promise<void> } = {},
) {
  const violations: Record<string, unknown> = {};
  const axe = async () => {
    if (!javaScript) return;
    const found = await axeViolations(page);
    if (found.length) violations[stepId(page)!] = found;
  };
  await page.goto("/forsorjningsstod");
  await axe();
  await press(page, primary, javaScript);
  for (let guard = 0; guard < 40; guard++) {
    await axe();
    const step = stepId(page);
    switch (step) {
      case "manad":
        await page.selectOption("#f-month", { index: 3 });
        break;
      case "ny-ansokan":
        await check(page, "first", options.first ? "ja" : "nej");
        break;
      case "hushall":
        await check(page, "partner", "ja");
        await check(page, "children", "ja");
        await check(page, "otherAdults", "nej");
        break;
      case "medsokande":
        await page.fill('input[name="coApplicantPnr"]', "19870704-9832");
        break;
      case "barn":
        if ((await page.locator(".items li").count()) === 0) {
          await page.fill("#f-name", "Lo");
          await page.fill("#f-birthDate-day", "3");
          await page.fill("#f-birthDate-month", "5");
          await page.fill("#f-birthDate-year", "2019");
          await check(page, "livesWithYou", "ja");
          await check(page, "lunch", "ja");
          await press(page, "#f-add button[type=submit]", javaScript);
          await axe();
        }
        break;
      case "medborgarskap":
        await check(page, "applicant", "svensk");
        await check(page, "coApplicant", options.first ? "tidsbegransat-uppehallstillstand" : "svensk");
        break;
      case "skyddade-uppgifter":
        await check(page, "protectedData", "nej");
        break;
      case "boende":
        await check(page, "housing", options.first ? "andrahand" : "hyresratt");
        break;
      case "boende-kostnad":
        await page.fill("#f-rent", "6 500");
        await check(page, "contract", "bada");
        break;
      case "inkomster":
        await check(page, "applicant", "salary");
        await check(page, "coApplicant", "none");
        break;
      case "inkomster-sokande":
        await page.fill("#f-salary", "9000");
        break;
      case "kostnader":
        await check(page, "costs", "none");
        break;
      case "tillgangar":
        await page.fill("#f-bankBalance", "200");
        await check(page, "assets", "none");
        break;
      case "ansokningar":
        await check(page, "claims", "none");
        break;
      case "arbete":
        await check(page, "applicantRegistered", "ja");
        await check(page, "coApplicantRegistered", "ja");
        break;
      case "foretag":
        await check(page, "business", "nej");
        break;
      case "ovrigt":
        await page.fill("#f-other", PRIVATE_WORDS);
        break;
      case "dokument":
        if (options.onDocuments && (await page.locator(".items li").count()) === 0) await options.onDocuments();
        if ((await page.locator(".items li").count()) === 0) {
          await page.setInputFiles("#file-hyreskontrakt", {
            name: "hyreskontrakt.pdf",
            mimeType: "application/pdf",
            buffer: pdf(),
          });
          await press(page, 'main button[value="upload"]', javaScript);
          await axe();
          expect(await page.textContent(".items")).toContain("hyreskontrakt.pdf");
        }
        for (const radio of await page.locator('input[type="radio"][value="later"]').all()) {
          const rule = (await radio.getAttribute("name"))!.replace("choice-", "");
          if (rule !== "hyreskontrakt") await radio.check();
        }
        break;
      case "granska":
        expect(await page.locator("#s-provberakning").count()).toBe(1);
        await page.check("#f-declaration");
        await press(page, primary, javaScript);
        return { violations, reference: /EB-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(page.url())![0] };
      default:
        break;
    }
    await press(page, primary, javaScript);
  }
  throw new Error(`did not reach the review page (at ${page.url()})`);
}
