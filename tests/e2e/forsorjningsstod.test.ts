import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, newContext } from "../support/browser";
import { loginAs } from "../support/login";
import { apply, press, primary, PRIVATE_WORDS } from "../support/forsorjningsstod-flow";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** A text from the locale files, so the same test reads right in every language. */
const text = (language: string, namespace: string, key: string) =>
  key
    .split(".")
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      JSON.parse(readFileSync(path.join(root, "locales", language, `${namespace}.json`), "utf8")),
    ) as string;
const root = path.resolve(import.meta.dirname, "../..");

describe("försörjningsstöd with a co-applicant", () => {
  it.each([
    ["sv", true],
    ["sv", false],
    ["lattlast", true],
    ["so", false],
  ] as const)(
    "in %s (JavaScript %s) arrives when sent; the co-applicant confirms afterwards without reading Anna's own words or files",
    async (language, javaScript) => {
      const annaContext = await newContext(browser, { baseURL, javaScript });
      const anna = await annaContext.newPage();
      await anna.goto(`/sprak?lng=${language}&returnTo=/`);
      await loginAs(anna, "anna", { returnTo: "/forsorjningsstod" });
      const { violations, reference } = await apply(anna, javaScript);
      expect(violations).toEqual({});
      await anna.waitForSelector(".panel");
      const receipt = await anna.textContent("main");
      expect(receipt).toContain(reference);
      // Arrived now, whatever Bengt does; the receipt lists the file sent with it.
      expect(receipt).toContain(text(language, "forsorjningsstod", "receipt.coParty"));
      expect(receipt).toContain(text(language, "intake", "receipt.filesTitle"));
      expect(receipt).toContain("hyreskontrakt.pdf");
      await anna.goto(`/mina-sidor/arenden/${reference}`);
      expect(await anna.textContent("main")).toContain(text(language, "mypages", "status.received"));

      const bengtContext = await newContext(browser, { baseURL, javaScript });
      const bengt = await bengtContext.newPage();
      await bengt.goto(`/sprak?lng=${language}&returnTo=/`);
      await loginAs(bengt, "bengt");
      expect(await bengt.textContent("main")).toContain(reference);
      await bengt.goto(`/bekrafta/${reference}`);
      if (javaScript) expect(await axeViolations(bengt)).toEqual([]);
      const invitation = await bengt.textContent("main");
      expect(invitation).toContain("Lo");
      // Spoken to Bengt, and without Anna's own words or her file.
      expect(invitation).toContain(text(language, "forsorjningsstod", "coParty.fields.medsokande.pnr.label"));
      expect(invitation).not.toContain(PRIVATE_WORDS);
      expect(invitation).not.toContain("hyreskontrakt.pdf");
      await bengt.click('form:has(input[value="confirm"]) button');
      await bengt.waitForURL(
        (url) => url.pathname === `/mina-sidor/arenden/${reference}` && url.searchParams.get("svar") === "confirmed",
      );
      expect(await bengt.textContent("main")).not.toContain(PRIVATE_WORDS);
      expect(await bengt.locator('a[href*="/filer/"]').count()).toBe(0);

      await anna.goto(`/mina-sidor/arenden/${reference}`);
      const hers = await anna.textContent("main");
      expect(hers).toContain(text(language, "mypages", "events.co_party_confirmed"));
      expect(hers).toContain(PRIVATE_WORDS);
      expect(hers).toContain("hyreskontrakt.pdf");
      const download = await anna.request.get(
        new URL((await anna.getAttribute('a[href*="/filer/"]', "href"))!, baseURL).href,
      );
      expect(download.status()).toBe(200);
      expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");
      // Bengt, a co-party, sees it but not as his own to withdraw or write in.
      await bengt.goto(`/mina-sidor/arenden/${reference}`);
      expect(await bengt.locator('input[name="intent"][value="withdraw"]').count()).toBe(0);
      await annaContext.close();
      await bengtContext.close();
    },
  );

  it("starts next month's application from the last one", async () => {
    const context = await newContext(browser, { baseURL });
    const page = await context.newPage();
    await loginAs(page, "anna", { returnTo: "/forsorjningsstod" });
    await press(page, primary, true);
    expect(new URL(page.url()).pathname).toMatch(/\/manad$/);
    await page.selectOption("#f-month", { index: 4 });
    await press(page, primary, true);
    // The household, the co-applicant, the child and the housing are kept: on to the rent.
    expect(new URL(page.url()).pathname).toMatch(/\/boende-kostnad$/);
    await context.close();
  });
});
