import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { loginAs } from "../support/login";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** Presses the page's primary button and waits for the next page (or the same one with errors). */
async function submitStep(page: Page, button = "main button.button:not(.secondary-button)") {
  const target = page.locator(button).last();
  if (!javaScriptOn.get(page)) {
    // Without JavaScript every post is a page load, errors or not.
    await Promise.all([page.waitForNavigation(), target.click()]);
    return;
  }
  const before = page.url();
  await target.click();
  await page.waitForFunction((b) => location.href !== b || !!document.querySelector(".error-summary"), before, {
    timeout: 60_000,
  });
  await page.waitForLoadState("load");
}

const javaScriptOn = new WeakMap<Page, boolean>();

const stepId = (page: Page) => new URL(page.url()).pathname.split("/").pop();

/** Answers each step the journey shows; collects axe violations along the way. */
async function report(
  page: Page,
  who: "private" | "professional" | "professional-logged-in",
  options: { acute?: boolean } = {},
) {
  if (!javaScriptOn.has(page)) javaScriptOn.set(page, true);
  const violations: Record<string, unknown> = {};
  const check = async () => {
    // axe runs in the page, so it needs JavaScript; the pages are the same markup without it.
    if (!javaScriptOn.get(page)) return;
    const found = await axeViolations(page);
    if (found.length) violations[stepId(page) ?? page.url()] = found;
  };
  await page.goto("/orosanmalan");
  await check();
  await submitStep(page);
  for (let guard = 0; guard < 30; guard++) {
    const step = stepId(page);
    if (process.env.DEBUG_FLOW) console.log("step", step);
    await check();
    switch (step) {
      case "vem":
        await page.check(who === "private" ? "#f-reporter-1" : "#f-reporter");
        break;
      case "arbetsplats":
        await page.check("#f-organisation-1");
        await page.fill("#f-role", "Lärare");
        break;
      case "enhet":
        await page.selectOption("#f-unit", "exempelskolan");
        break;
      case "anonym":
        await page.check("#f-anonymous");
        break;
      case "dina-uppgifter":
        await page.fill("#f-name", "Pia Persson");
        await page.fill("#f-phone", "070-123 45 67");
        break;
      case "kontakt":
        await page.fill("#f-phone", "070-123 45 67");
        break;
      case "om-vem":
        await page.check("#f-about");
        break;
      case "barn":
        if ((await page.locator(".items li").count()) === 0) {
          await page.fill("#f-name", "Kim");
          await page.fill("#f-age", "8");
          if (javaScriptOn.get(page)) {
            await page.click("#f-add button[type=submit]");
            await page.locator(".items li").first().waitFor();
            await page.waitForLoadState("load");
          } else await Promise.all([page.waitForNavigation(), page.click("#f-add button[type=submit]")]);
          await check();
        }
        break;
      case "oro":
        await page.fill("#f-what", "Kim har berättat att det är bråk hemma varje kväll.");
        await page.fill("#f-when", "Denna vecka");
        await page.check("#f-source-2");
        break;
      case "barnet-nu":
        await page.check("#f-childKnows-1");
        await page.check("#f-policeReport-2");
        break;
      case "aterkoppling":
        await page.check("#f-meeting");
        await page.check("#f-feedback");
        break;
      case "fara":
        await page.check(options.acute ? "#f-danger" : "#f-danger-1");
        break;
      case "vardnadshavare-vet":
        await page.check("#f-guardiansKnow-2");
        break;
      case "heder":
      case "kommunen":
        await page.check(step === "heder" ? "#f-honour-1" : "#f-ownStaff-1");
        break;
      case "granska": {
        const review = page.url();
        const csrf = (await page.getAttribute('main input[name="csrf"]', "value"))!;
        await submitStep(page);
        return { violations, receipt: page.url(), review, csrf };
      }
      default:
        break;
    }
    await submitStep(page);
  }
  throw new Error(`the journey did not reach the review page (at ${page.url()})`);
}

describe("orosanmälan", () => {
  it.each([
    ["with JavaScript", true],
    ["without JavaScript", false],
  ] as const)(
    "an anonymous private person reports concern about a child %s (axe-clean on every page with it)",
    async (_label, javaScript) => {
      const context = await newContext(browser, { baseURL, javaScript });
      const page = await context.newPage();
      javaScriptOn.set(page, javaScript);
      const { violations, receipt, review, csrf } = await report(page, "private");
      expect(violations).toEqual({});
      expect(receipt).toMatch(/\/orosanmalan\/kvittens\/OA-[A-Z2-9]{4}-[A-Z2-9]{4}\?nyckel=/);
      // Sending again (a retry, or Back and send) gives the same receipt, not a second report.
      const again = await page.request.post(review, { form: { csrf }, maxRedirects: 0 });
      expect(again.status()).toBe(303);
      expect(new URL(again.headers()["location"]!, baseURL).href).toBe(receipt);
      expect(await page.textContent("h1")).toBe("Anmälan är skickad");
      expect(await page.textContent("main")).toContain("Kim");
      expect(await page.textContent("main")).toContain("Du anmälde anonymt");
      expect(await page.textContent("main")).not.toContain("Du loggade inte in");
      // The receipt is bound to this browser: another one gets a 404 for the same link.
      const stranger = await newContext(browser, { baseURL });
      const other = await stranger.newPage();
      expect((await other.goto(receipt))?.status()).toBe(404);
      // Nor does the sent draft's address lead it there, though it has started a report of its
      // own (a later user of the same computer, say).
      javaScriptOn.set(other, false);
      await other.goto("/orosanmalan");
      await submitStep(other);
      expect((await other.goto(review))?.status()).toBe(404);
      expect(other.url()).toBe(review);
      await stranger.close();
      const pdf = await page.request.get(new URL((await page.getAttribute("a[download]", "href"))!, baseURL).href);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
      await context.close();
    },
  );

  it.each([
    ["with JavaScript", true],
    ["without JavaScript", false],
  ] as const)(
    "keeps a child typed on 'Barnet eller barnen' when the person goes on without pressing Lägg till %s",
    async (_label, javaScript) => {
      const context = await newContext(browser, { baseURL, javaScript });
      const page = await context.newPage();
      javaScriptOn.set(page, javaScript);
      await page.goto("/orosanmalan");
      await submitStep(page);
      await page.check("#f-reporter-1");
      await submitStep(page);
      await page.check("#f-anonymous");
      await submitStep(page);
      await page.check("#f-about");
      await submitStep(page);
      expect(stepId(page)).toBe("barn");
      // Nothing typed and nobody added: a message in words, not a translation key.
      await submitStep(page);
      const summary = await page.textContent(".error-summary");
      expect(summary).toContain("Skriv uppgifter om minst ett barn");
      expect(summary).not.toContain("repeat.");
      await page.fill("#f-name", "Kim");
      await page.fill("#f-age", "8");
      // The error summary is already there, so wait for the next step itself.
      await Promise.all([
        page.waitForURL(/\/vardnadshavare$/),
        page.click("main button.button:not(.secondary-button)"),
      ]);
      await page.goto(page.url().replace(/vardnadshavare$/, "barn"));
      expect(await page.textContent(".items")).toContain("Kim");
      await context.close();
    },
  );

  it("tells a named professional who did not log in that the report is not anonymous, and how they will be reached", async () => {
    const context = await newContext(browser, { baseURL, javaScript: false });
    const page = await context.newPage();
    javaScriptOn.set(page, false);
    const { receipt } = await report(page, "professional");
    expect(receipt).toMatch(/\/orosanmalan\/kvittens\/OA-/);
    const main = await page.textContent("main");
    expect(main).toContain("Du loggade inte in, så anmälan syns inte på Mina sidor. Du är inte anonym");
    expect(main).not.toContain("anonymt");
    // A report about a child: the child's next steps, not an adult's.
    expect(main).toContain("Inom 14 dagar");
    expect(main).not.toContain("Anmälan behandlas som akut");
    await context.close();
  });

  it.each([
    ["with JavaScript", true],
    ["without JavaScript", false],
  ] as const)(
    "says so when text pasted beyond the 5 000 characters is too long, and keeps it, %s",
    async (_label, javaScript) => {
      const context = await newContext(browser, { baseURL, javaScript });
      const page = await context.newPage();
      javaScriptOn.set(page, javaScript);
      await page.goto("/orosanmalan");
      await submitStep(page);
      await page.check("#f-reporter-1");
      await submitStep(page);
      await page.check("#f-anonymous");
      await submitStep(page);
      await page.check("#f-about-1");
      await submitStep(page);
      await page.fill("#f-name", "Sven");
      await submitStep(page);
      await page.check("#f-areas");
      await submitStep(page);
      await page.check("#f-knows-1");
      await page.check("#f-consent-1");
      await page.check("#f-childrenAtHome-1");
      await submitStep(page);
      expect(stepId(page)).toBe("oro");
      // Figures are written as Swedish writes them, with a no-break space between thousands.
      const text = async (selector: string) => (await page.textContent(selector))?.replace(/\u00a0/g, " ");
      expect(await text("#f-what-limit")).toBe("Du kan skriva högst 5 000 tecken.");
      const pasted = "a".repeat(5100);
      await page.fill("#f-what", pasted);
      if (javaScript) expect(await text("#f-what-count")).toBe("För många tecken: 100. Korta texten.");
      await page.fill("#f-when", "I går");
      await page.check("#f-source");
      await submitStep(page);
      expect(await text(".error-summary")).toContain(
        "Texten är för lång: den får vara högst 5 000 tecken och är 5 100.",
      );
      // Nothing was cut: the text comes back whole, to be shortened by the person.
      expect(await page.inputValue("#f-what")).toBe(pasted);
      await context.close();
    },
  );

  it("asks a professional who is not logged in who they are, and tells them why they cannot be anonymous", async () => {
    const context = await newContext(browser, { baseURL });
    const page = await context.newPage();
    javaScriptOn.set(page, true);
    await page.goto("/orosanmalan");
    await submitStep(page);
    await page.check("#f-reporter");
    await submitStep(page);
    await page.check("#f-organisation-1");
    await page.fill("#f-role", "Kurator");
    await submitStep(page);
    await page.selectOption("#f-unit", "exempelskolan");
    await submitStep(page);
    expect(stepId(page)).toBe("dina-uppgifter");
    await submitStep(page);
    expect(await page.textContent(".error-summary")).toContain("En yrkesperson kan inte anmäla anonymt");
    expect(await page.title()).toMatch(/^Fel: /);
    await context.close();
  });

  it("takes a logged-in teacher's report, routes an acute one, and shows it on their Mina sidor", async () => {
    const context = await newContext(browser, { baseURL });
    const page = await context.newPage();
    await loginAs(page, "fatima", { returnTo: "/orosanmalan" });
    // Logged in, the entry page does not offer to log in.
    await page.goto("/orosanmalan");
    expect(await page.textContent("main")).not.toContain("Logga in eller anmäl utan att logga in");
    expect(await page.textContent("main")).toContain("Du är inloggad");
    const { violations, receipt } = await report(page, "professional-logged-in", { acute: true });
    expect(violations).toEqual({});
    // The receipt repeats that it is acute, and whom to call meanwhile.
    expect(await page.textContent(".acute")).toContain("Anmälan behandlas som akut");
    expect(await page.textContent('.acute a[href="tel:112"]')).toBe("Ring 112");
    expect(await page.textContent(".acute")).toContain("socialjouren");
    const reference = /OA-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(receipt)![0];
    await page.goto("/mina-sidor");
    expect(await page.textContent("main")).toContain(reference);
    await page.goto(`/mina-sidor/arenden/${reference}`);
    expect(await page.textContent("main")).toContain("Exempelskolan F–6");
    expect(await axeViolations(page)).toEqual([]);
    // The person the report is about, or anyone else, finds nothing.
    const other = await newContext(browser, { baseURL });
    const otherPage = await other.newPage();
    await loginAs(otherPage, "hanna");
    expect((await otherPage.goto(`/mina-sidor/arenden/${reference}`))?.status()).toBe(404);
    expect(await otherPage.textContent("main")).not.toContain(reference);
    await other.close();
    await context.close();
  });

  it("reads right to left in Arabic at 360 px, axe-clean", async () => {
    const context = await newContext(browser, { baseURL, width: WIDTHS.mobile });
    const page = await context.newPage();
    await page.goto("/sprak?lng=ar&returnTo=/orosanmalan");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    const { violations } = await report(page, "private");
    expect(violations).toEqual({});
    await context.close();
  });

  it("cannot be entered at a later step by editing the URL", async () => {
    const context = await newContext(browser, { baseURL });
    const page = await context.newPage();
    javaScriptOn.set(page, true);
    await page.goto("/orosanmalan");
    await submitStep(page);
    const first = page.url();
    await page.goto(first.replace(/\/vem$/, "/oro"));
    expect(page.url()).toBe(first);
    expect((await page.goto(first.replace(/\/vem$/, "/finns-inte")))?.status()).toBe(404);
    expect(
      (await page.goto(first.replace(/utkast\/[^/]+/, "utkast/00000000-0000-0000-0000-000000000000")))?.status(),
    ).toBe(404);
    // A draft that is gone says so, rather than that the page does not exist.
    expect(await page.locator("h1").textContent()).toBe("Utkastet finns inte längre");
    await context.close();
  });
});
