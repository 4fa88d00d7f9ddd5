import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { expect } from "vitest";
import { axeViolations, newContext } from "./browser";
import { check, press, primary, stepId } from "./forsorjningsstod-flow";

/**
 * Drives "Boka samarbetssamtal" in Chromium: a parent asking for talks, the other parent answering
 * the invitation, the family-law unit's slot page. Selectors are names, values, ids and paths,
 * never texts, so one flow runs in every language, with and without JavaScript.
 */

/** One person in one browser context, and everything the portal ever sent that browser. */
export interface Visitor {
  context: BrowserContext;
  page: Page;
  javaScript: boolean;
  /** axe findings by page (path, or path#step), only with JavaScript. */
  violations: Record<string, unknown>;
  /** Every page, loader response and file body from the portal: what the person's browser got. */
  bodies: { url: string; body: string }[];
  /** The visible text of every page the person was shown. */
  texts: { url: string; text: string }[];
  /** Resolves when every response seen so far has been read. */
  settled(): Promise<void>;
}

export async function openVisitor(
  browser: Browser,
  baseURL: string,
  options: { javaScript: boolean; language: string },
): Promise<Visitor> {
  const context = await newContext(browser, { baseURL, javaScript: options.javaScript });
  const page = await context.newPage();
  const bodies: Visitor["bodies"] = [];
  const pending: Promise<unknown>[] = [];
  const origin = new URL(baseURL).origin;
  context.on("response", (response: Response) => {
    const url = new URL(response.url());
    // The embedded identity provider's person picker lists every test person: not the portal's.
    if (url.origin !== origin || url.pathname.startsWith("/dev-idp")) return;
    if (!["document", "fetch", "xhr"].includes(response.request().resourceType())) return;
    if (response.status() >= 300 && response.status() < 400) return;
    // A download's body is not kept by the browser; those files are read from disk instead.
    pending.push(
      response.text().then(
        (body) => bodies.push({ url: url.pathname + url.search, body }),
        () => undefined,
      ),
    );
  });
  const visitor: Visitor = {
    context,
    page,
    javaScript: options.javaScript,
    violations: {},
    bodies,
    texts: [],
    settled: async () => {
      await Promise.all(pending);
    },
  };
  await page.goto(`/sprak?${new URLSearchParams({ lng: options.language, returnTo: "/" })}`);
  return visitor;
}

let shots = 0;

/**
 * Notes the page now shown: its visible text, and axe's findings when JavaScript runs.
 * E2E_SCREENSHOTS=<folder> also keeps a full-page screenshot of it, for looking at a run.
 */
export async function seen(v: Visitor, label?: string, options: { axe?: boolean } = {}) {
  const url = new URL(v.page.url());
  v.texts.push({ url: url.pathname + url.search, text: (await v.page.textContent("body")) ?? "" });
  if (process.env.E2E_SCREENSHOTS) {
    const name = `${String(++shots).padStart(3, "0")}-${await v.page.getAttribute("html", "lang")}-${v.javaScript ? "js" : "nojs"}${url.pathname.replace(/\/utkast\/[^/]+/, "").replace(/[^\w-]+/g, "_")}.png`;
    await v.page.screenshot({ path: path.join(process.env.E2E_SCREENSHOTS, name), fullPage: true });
  }
  if (!v.javaScript || options.axe === false) return;
  const found = await axeViolations(v.page);
  if (found.length) v.violations[label ?? new URL(v.page.url()).pathname] = found;
}

/** Opens a page; `axe: false` for a page this visitor has already had checked in the same state. */
export async function visit(v: Visitor, path: string, options: { axe?: boolean } = {}) {
  const response = await v.page.goto(path);
  expect(response?.status(), path).toBe(200);
  await seen(v, undefined, options);
}

/** Logs in through the embedded identity provider from wherever the portal sent the person to log in. */
export async function logInHere(page: Page, person: string, landed: (url: URL) => boolean) {
  const returnTo = new URL(page.url()).searchParams.get("returnTo") ?? "/mina-sidor";
  await page.goto(`/logga-in/e-legitimation?${new URLSearchParams({ returnTo })}`);
  await page.check(`#p-${person}`);
  await page.click('button[value="login"]');
  await page.waitForURL(landed);
}

export const REFERENCE = /SS-[A-Z2-9]{4}-[A-Z2-9]{4}/;

export interface StepAnswers {
  /** What the asking parent asks for (an invited parent's talk is the request's). */
  kind?: "samarbetssamtal" | "informationssamtal";
  child: { name: string; age: number };
  /** Only the parent who asks names the other parent. */
  other?: { name: string; pnr?: string; email?: string; phone?: string };
  safe: "ja" | "nej" | "vet-inte";
  protected?: boolean;
  contact: { phone: string; email?: string };
  /** The first free time of the parent's own, the other parent's time (a joint talk), or none. */
  slot: "first" | "gemensam" | "ingen";
}

export interface SlotStepSeen {
  /** Values of the slot radios, in order. */
  values: string[];
  /** The joint option's label, when there is one. */
  jointLabel: string | null;
}

/**
 * Answers every step from the one the page is on to the review, then sends: returns the reference
 * from the receipt's address and what the slot step offered.
 */
export async function answerSteps(
  v: Visitor,
  answers: StepAnswers,
): Promise<{ reference: string; slots: SlotStepSeen }> {
  const { page, javaScript } = v;
  let slots: SlotStepSeen | null = null;
  for (let guard = 0; guard < 20; guard++) {
    const step = stepId(page);
    await seen(v, `${new URL(page.url()).pathname.replace(/\/utkast\/[^/]+/, "/utkast/…")}`);
    switch (step) {
      case "samtal":
        // An invited parent's talk is the request's: no question, only a line saying so.
        if (answers.other) await check(page, "kind", answers.kind ?? "samarbetssamtal");
        else expect(await page.locator('input[name="kind"]').count()).toBe(0);
        break;
      case "barn":
        if ((await page.locator(".items li").count()) === 0) {
          await page.fill('input[name="name"]', answers.child.name);
          await page.fill('input[name="age"]', String(answers.child.age));
          await press(page, "#f-add button[type=submit]", javaScript);
          await seen(v, "barn (added)");
          expect(await page.textContent(".items")).toContain(answers.child.name);
        }
        break;
      case "familj":
        // The court question is asked only about cooperation talks: a court does not order an informationssamtal.
        if (answers.kind === "informationssamtal") expect(await page.locator('input[name="court"]').count()).toBe(0);
        else await check(page, "court", "nej");
        await check(page, "custody", "gemensam");
        await check(page, "questions", "umgange");
        await check(page, "childrenKnow", "ja");
        break;
      case "annan-foralder": {
        const other = answers.other!;
        await page.fill('input[name="name"]', other.name);
        if (other.pnr) await page.fill('input[name="pnr"]', other.pnr);
        if (other.email) await page.fill('input[name="email"]', other.email);
        if (other.phone) await page.fill('input[name="phone"]', other.phone);
        break;
      }
      case "trygghet":
        await check(page, "safe", answers.safe);
        break;
      case "skydd":
        await check(page, "protected", answers.protected ? "ja" : "nej");
        break;
      case "tolk":
        await check(page, "interpreter", "nej");
        break;
      case "motesform":
        if (answers.protected) await check(page, "protectedMode", "annan-plats");
        else await check(page, "mode", "fysiskt");
        break;
      case "kontakt":
        await page.fill('input[name="phone"]', answers.contact.phone);
        if (answers.contact.email) await page.fill('input[name="email"]', answers.contact.email);
        break;
      case "tid": {
        const radios = page.locator('input[name="slot"]');
        const values = await radios.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
        const joint = page.locator('input[name="slot"][value="gemensam"]');
        slots = {
          values,
          jointLabel: (await joint.count())
            ? await page.textContent(`label[for="${await joint.getAttribute("id")}"]`)
            : null,
        };
        if (answers.slot === "first") {
          const own = values.find((value) => /^[0-9a-f-]{36}$/.test(value));
          expect(own, "a free time is offered").toBeTruthy();
          const radio = page.locator(`input[name="slot"][value="${own}"]`);
          // The first free time comes first, and says so.
          expect(await page.locator(`label[for="${await radio.getAttribute("id")}"] .tag`).count()).toBe(1);
          await radio.check();
        } else await check(page, "slot", answers.slot);
        break;
      }
      case "granska":
        await press(page, primary, javaScript);
        await page.waitForURL(/\/samarbetssamtal\/kvittens\//);
        await seen(v);
        return { reference: REFERENCE.exec(page.url())![0], slots: slots! };
      default:
        throw new Error(`unexpected step ${step} at ${page.url()}`);
    }
    await press(page, primary, javaScript).catch(async (error: Error) => {
      const shown = (await page.textContent("main").catch(() => null))?.replace(/\s+/g, " ").slice(0, 300);
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOTS, `failed-${step}.png`), fullPage: true });
      throw new Error(`pressing on at the step ${step} (${page.url()}, showing "${shown}"): ${error.message}`);
    });
    expect(await page.locator(".error-summary").count(), `no error after ${step}`).toBe(0);
  }
  throw new Error(`did not reach the review page (at ${page.url()})`);
}

/** A parent asks for talks from the service's start page and books. The person is logged in. */
export async function requestTalk(v: Visitor, answers: StepAnswers) {
  await visit(v, "/samarbetssamtal");
  await press(v.page, primary, v.javaScript);
  return answerSteps(v, answers);
}

/** The invited parent, on the invitation page, says yes and books. */
export async function acceptInvitation(v: Visitor, answers: StepAnswers) {
  expect(new URL(v.page.url()).pathname).toMatch(/^\/samarbetssamtal\/inbjudan\/[0-9a-f-]{36}$/);
  await seen(v);
  await press(v.page, 'main form:has(input[name="intent"][value="accept"]) button', v.javaScript);
  return answerSteps(v, answers);
}

/** What a parent's own booking page and calendar file say about their booked time. */
export interface BookedTime {
  /** "10:00–11:00", as the page shows it. */
  range: string;
  /** The place as shown: an address, or a line saying the unit tells where. */
  place: string;
  /** The booking's id (the cancel form's), also the calendar file's UID. */
  bookingId: string;
  /** The calendar file, downloaded as the browser does. */
  ics: string;
  /** The talk's start as an ISO instant, from the calendar file. */
  startsAt: string;
  /** The calendar file's LOCATION, if any. */
  location: string | null;
  /** The page says the talk is joint with the other parent. */
  joint: boolean;
}

export async function bookedTime(v: Visitor, reference: string, options: { axe?: boolean } = {}): Promise<BookedTime> {
  const { page } = v;
  await visit(v, `/samarbetssamtal/bokning/${reference}`, options);
  const summary = page.locator("main .summary-list").first();
  const range = (await summary.locator("dd").first().locator(".ltr").textContent())!.trim();
  const place = (await summary.locator("dd").nth(1).textContent())!.trim();
  const joint = (await summary.locator("dd").count()) === 4;
  const bookingId = (await page.getAttribute('main input[name="booking"]', "value"))!;
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('main a[href$="/kalender"]')]);
  expect(download.suggestedFilename()).toBe("samtal.ics");
  const ics = readFileSync((await download.path())!, "utf8");
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, "m").exec(ics.replace(/\r\n /g, ""))?.[1] ?? null;
  const start = field("DTSTART")!;
  const startsAt = new Date(
    `${start.slice(0, 4)}-${start.slice(4, 6)}-${start.slice(6, 8)}T${start.slice(9, 11)}:${start.slice(11, 13)}:${start.slice(13, 15)}Z`,
  ).toISOString();
  const location = field("LOCATION")?.replace(/\\([,;\\])/g, "$1") ?? null;
  expect(field("UID")).toMatch(new RegExp(`^${bookingId}@`));
  return { range, place, bookingId, ics, startsAt, location, joint };
}

/** Each secret found in what the visitor's browser received or showed, with where. */
export async function leaked(v: Visitor, secrets: { inBodies: string[]; inTexts: string[] }) {
  await v.settled();
  const found: string[] = [];
  for (const secret of secrets.inBodies)
    for (const { url, body } of v.bodies) if (body.includes(secret)) found.push(`${secret} in ${url}`);
  for (const secret of secrets.inTexts)
    for (const { url, text } of v.texts) if (text.includes(secret)) found.push(`${secret} shown at ${url}`);
  return found;
}
