import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { loginAs } from "../support/login";
import { startPortal, type PortalProcess } from "../support/portal-process";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/** Presses the page's primary button and waits for the next page (or the same one with errors). */
async function submit(page: Page, button = "main button.button:not(.secondary-button)") {
  const before = page.url();
  await page.locator(button).last().click();
  await page.waitForFunction((b) => location.href !== b || !!document.querySelector(".error-summary"), before, {
    timeout: 60_000,
  });
  await page.waitForLoadState("load");
}

/** E2E_SCREENSHOTS=<folder> keeps a full-page screenshot of the pages worth looking at. */
async function look(page: Page, name: string) {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOTS, name), fullPage: true });
}

const stepOf = (page: Page) => new URL(page.url()).pathname.split("/").pop();

/**
 * A report about an adult, through the e-service's steps in the browser: by Anna as a private
 * person who gives her name, or by a staff member from a paper form filled in by a teacher.
 * Returns the axe violations met on the way.
 */
async function fileReport(page: Page, who: "anna" | "staff") {
  const violations: Record<string, unknown> = {};
  const check = async () => {
    const found = await axeViolations(page);
    if (found.length) violations[page.url()] = found;
  };
  for (let guard = 0; guard < 30; guard++) {
    const step = stepOf(page);
    await check();
    switch (step) {
      case "vem":
        await page.check(who === "anna" ? "#f-reporter-1" : "#f-reporter");
        break;
      case "arbetsplats":
        await page.check("#f-organisation-1");
        await page.fill("#f-role", "Lärare");
        break;
      case "enhet":
        await page.selectOption("#f-unit", "exempelskolan");
        break;
      case "anonym":
        await page.check("#f-anonymous-1");
        break;
      case "dina-uppgifter":
        await page.fill("#f-name", "Pia Persson");
        await page.fill("#f-phone", "070-123 45 67");
        break;
      case "kontakt":
        await page.fill("#f-phone", "070-123 45 67");
        break;
      case "om-vem":
        await page.check("#f-about-1");
        break;
      case "vuxen":
        await page.fill("#f-name", "Granne Grannsson");
        break;
      case "omrade":
        await page.check("#f-areas");
        break;
      case "vuxen-kannedom":
        await page.check("#f-knows-1");
        await page.check("#f-consent-1");
        await page.check("#f-childrenAtHome-1");
        break;
      case "oro":
        await page.fill("#f-what", "Min granne verkar inte klara sig själv längre.");
        await page.fill("#f-when", "Den senaste veckan");
        await page.check("#f-source");
        break;
      case "fara":
        await page.check("#f-danger-1");
        break;
      case "heder":
        await page.check("#f-honour-1");
        break;
      case "kommunen":
        await page.check("#f-ownStaff-1");
        break;
      case "granska":
        return violations;
      default:
        if (/^[0-9a-f-]{36}$/.test(step ?? "")) return violations; // the staff review page
        break;
    }
    await submit(page);
  }
  throw new Error(`the report never reached the review page (at ${page.url()})`);
}

describe("the staff console in the built portal", () => {
  const out = mkdtempSync(path.join(tmpdir(), "ingang-e2e-staff-"));
  let portal: PortalProcess;
  let browser: Browser;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it("hands a report the robot could not register to a caseworker, who takes it (another takes it over with a reason), and Anna sees it registered", async () => {
    // Anna reports concern about her neighbour, giving her name.
    const anna = await (await newContext(browser, { baseURL: portal.url })).newPage();
    await loginAs(anna, "anna");
    await anna.goto("/orosanmalan");
    await submit(anna);
    expect(await fileReport(anna, "anna")).toEqual({});
    await submit(anna);
    const reference = /\/orosanmalan\/kvittens\/([^/?]+)/.exec(anna.url())![1]!;

    // Alva makes the robot its key, shown once.
    const alva = await (await newContext(browser, { baseURL: portal.url })).newPage();
    await loginAs(alva, "alva", { staff: true });
    await alva.goto("/personal/robotar");
    await alva.fill("#f-name", "Referensroboten");
    await alva.check('input[name="queues"][value="mottagning-vuxna"]');
    // The answer is the same page with the key on it, shown this once.
    await alva.click('main button.button:has-text("Skapa nyckel")');
    await alva.waitForSelector(".token");
    const token = (await alva.textContent(".token"))!.trim();
    expect(token).toMatch(/^ingang_robot_/);
    expect(await axeViolations(alva)).toEqual([]);
    await alva.goto("/personal/robotar");
    expect(await alva.locator(".token").count()).toBe(0);

    // The reference robot cannot register it: a business exception.
    const drained = await run(
      process.execPath,
      [
        path.join(root, "build", "cli", "reference-robot.js"),
        "--url",
        portal.url,
        "--queue",
        "mottagning-vuxna",
        "--out",
        out,
        "--business-exception",
        reference,
      ],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", ROBOT_TOKEN: token },
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    const lines = drained.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ reference, outcome: "failed_business" });

    // Viktor, who works the adults' intake, takes it to handle it by hand.
    const viktor = await (await newContext(browser, { baseURL: portal.url })).newPage();
    await loginAs(viktor, "viktor", { staff: true });
    await viktor.goto("/personal");
    expect(await viktor.textContent("main")).toContain("Behöver hanteras");
    await viktor.goto("/personal/koer/mottagning-vuxna");
    await viktor.click(`a:has-text("${reference}")`);
    await viktor.waitForURL(/\/personal\/koer\/mottagning-vuxna\/[0-9a-f-]{36}$/);
    await viktor.locator(`h1:has-text("${reference}")`).waitFor();
    expect(await viktor.textContent("main")).toContain("Min granne verkar inte klara sig själv längre.");
    expect(await axeViolations(viktor)).toEqual([]);
    await viktor.goto(`${new URL(viktor.url()).pathname}?lng=ar`);
    expect(await viktor.getAttribute("html", "dir")).toBe("rtl");
    expect(await axeViolations(viktor)).toEqual([]);
    const itemPath = new URL(viktor.url()).pathname;
    await viktor.goto(`${itemPath}?lng=sv`);
    await submit(viktor, 'button[value="take"]');
    expect(await viktor.textContent('[role="status"]')).toContain("Du har tagit den.");
    expect(await axeViolations(viktor)).toEqual([]);

    // Rasmus, in another browser at the same time, sees that Viktor has it and cannot register it.
    const rasmus = await (await newContext(browser, { baseURL: portal.url })).newPage();
    await loginAs(rasmus, "rasmus", { staff: true });
    await rasmus.goto("/personal/koer/mottagning-vuxna");
    expect(await rasmus.textContent('[aria-labelledby="failed-caption"]')).toContain("Viktor Vik");
    await rasmus.goto(itemPath);
    expect(await rasmus.textContent("#taking-h + p")).toContain("Viktor Vik har tagit den sedan");
    expect(await rasmus.locator("#f-caseNumber").count()).toBe(0);
    expect(await axeViolations(rasmus)).toEqual([]);
    await look(rasmus, "18-item-taken-by-viktor.png");
    // A take-over needs a reason; given one, Rasmus has it.
    await submit(rasmus, 'form:has(input[value="takeover"]) button');
    expect(await rasmus.textContent(".error-summary")).toContain("Skriv varför du tar över");
    expect(await axeViolations(rasmus)).toEqual([]);
    await rasmus.fill("#f-takeoverReason", "Viktor är ledig i eftermiddag");
    // The error summary is on the page already: wait for the answer's own address instead.
    await Promise.all([
      rasmus.waitForURL(/klart=taken/, { timeout: 60_000 }),
      rasmus.click('form:has(input[value="takeover"]) button'),
    ]);
    // The new page's history, once rendered, has the take-over and its reason.
    await rasmus.getByText("Övertagen för hand").first().waitFor();
    await rasmus.getByText("Viktor är ledig i eftermiddag").first().waitFor();

    // Viktor's next step is refused, naming Rasmus; the page now says Rasmus has it.
    await viktor.fill("#f-caseNumber", "IFO 2026-0041");
    await viktor.fill("#f-caseSystem", "Treserva");
    await submit(viktor, 'form:has(input[value="register"]) button');
    expect(await viktor.textContent(".error-summary")).toContain("Rasmus Rask har redan tagit den.");
    expect(await viktor.textContent("#taking-h + p")).toContain("Rasmus Rask har tagit den sedan");
    await look(viktor, "18-item-refused-taken-over.png");

    await rasmus.fill("#f-caseNumber", "IFO 2026-0042");
    await rasmus.fill("#f-caseSystem", "Treserva");
    await submit(rasmus, 'form:has(input[value="register"]) button');
    expect(new URL(rasmus.url()).pathname).toBe("/personal/koer/mottagning-vuxna");
    // The queue's page says it is registered (the item page had a panel of its own).
    await rasmus.locator(".panel", { hasText: reference }).waitFor();
    expect(await rasmus.textContent("main")).toContain("Det finns inget att hantera i den här kön.");

    // The audit log names them and says what they did.
    await alva.goto(`/personal/logg?${new URLSearchParams({ submission: reference })}`);
    const log = (await alva.textContent("main table"))!;
    expect(log).toContain("Medarbetare: Rasmus Rask");
    expect(log).toContain("Tog över från en kollega");
    expect(log).toContain("robot_item_taken_over");
    expect(await axeViolations(alva)).toEqual([]);
    await look(alva, "18-audit-log.png");

    // Anna's Mina sidor shows it registered, with the case number.
    await anna.goto("/mina-sidor");
    expect(await anna.textContent("main")).toContain("Registrerad");
    await anna.goto(`/mina-sidor/arenden/${reference}`);
    const mine = (await anna.textContent("main"))!;
    expect(mine).toContain("IFO 2026-0042");
    expect(mine).toContain("Registrerad hos socialtjänsten");
  });

  it("lets a caseworker register a paper report through the e-service's own steps, in the same queue", async () => {
    const context = await newContext(browser, { baseURL: portal.url, width: WIDTHS.mobile });
    const sara = await context.newPage();
    await loginAs(sara, "sara", { staff: true });
    await sara.goto("/personal/registrera");
    expect(await axeViolations(sara)).toEqual([]);
    await sara.check('input[name="service"][value="orosanmalan"]');
    await sara.check('input[name="channel"][value="paper"]');
    await submit(sara);
    expect(stepOf(sara)).toBe("vem");
    expect(await fileReport(sara, "staff")).toEqual({});
    // The staff member checks and sends on the staff pages.
    expect(new URL(sara.url()).pathname).toMatch(/^\/personal\/registrera\/[0-9a-f-]{36}$/);
    expect(await sara.textContent("main")).toContain("Pappersblankett");
    await submit(sara);
    expect(new URL(sara.url()).pathname).toMatch(/^\/personal\/registrera\/kvittens\/OA-/);
    expect(await axeViolations(sara)).toEqual([]);
    await sara.goto("/personal/uppfoljning");
    expect(await sara.textContent("main")).toContain("Pappersblankett");
    expect(await axeViolations(sara)).toEqual([]);
    await context.close();
  });
});
