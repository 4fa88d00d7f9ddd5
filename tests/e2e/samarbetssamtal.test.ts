import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { loginAs } from "../support/login";
import { startPortal, type PortalProcess } from "../support/portal-process";
import {
  acceptInvitation,
  bookedTime,
  leaked,
  logInHere,
  openVisitor,
  requestTalk,
  seen,
  visit,
} from "../support/samarbetssamtal-flow";

/**
 * Boka samarbetssamtal end to end, in Chromium against the built portal: the family-law unit
 * publishes times (on its slot page, and from the import CLI), one parent asks and books, the
 * other is invited and books a joint or a separate time — in Swedish and Persian, with and
 * without JavaScript, axe clean — and the reference robot gets every booking from the queues.
 *
 * The portal is this file's own: the robot tokens and the imported times are written with the
 * built CLIs before it starts (the embedded database has one user at a time), and its booking
 * job runs every second (BOOKING_JOB_INTERVAL_SECONDS) so the invitation does not wait a minute.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

function cli(name: string, args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(root, "build", "cli", `${name}.js`), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** A text from the locale files, so the same test reads right in every language. */
const text = (language: string, namespace: string, key: string): string =>
  key
    .split(".")
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      JSON.parse(readFileSync(path.join(root, "locales", language, `${namespace}.json`), "utf8")),
    ) as string;

/** A calendar day n days from now in the unit's time zone, as YYYY-MM-DD. */
const day = (n: number) =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() + n * 86_400_000));

const DAVID_PNR = "19920918-9852";
/** Every slot has its own day, start time and room, so a time or a place names one booking only. */
const IMPORTED = Array.from({ length: 10 }, (_, i) => ({
  date: day(3 + i),
  time: `${String(8 + Math.floor((i * 25) / 60)).padStart(2, "0")}:${String((i * 25) % 60).padStart(2, "0")}`,
  location: `Familjerätten Lindgatan 7 rum ${101 + i}`,
}));
/** Times for the informationssamtal only: a request for one is offered these and nothing else. */
const INFORMATION = [
  { date: day(4), time: "13:15", location: "Familjerätten Lindgatan 7 rum 201" },
  { date: day(5), time: "13:15", location: "Familjerätten Lindgatan 7 rum 202" },
];
const PUBLISHED = [
  { date: day(2), time: "07:30", location: "Familjerätten Kyrkgatan 5 rum A" },
  { date: day(2), time: "16:40", location: "Familjerätten Kyrkgatan 5 rum B" },
];

describe("boka samarbetssamtal in Chromium", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-e2e-ss-"));
  const out = mkdtempSync(path.join(tmpdir(), "ingang-e2e-ss-out-"));
  const env = { DATA_DIR: dataDir };
  const tokens = { familjeratt: "", skyddad: "" };
  /** Every submission that should reach the familjerätt queue: both parents' in every scenario. */
  const familjeratt: string[] = [];
  let portal: PortalProcess;
  let browser: Browser;

  beforeAll(async () => {
    for (const queue of ["familjeratt", "skyddad"] as const) {
      const created = await cli("robot-token", ["create", "--name", `FR-${queue}`, "--queue", queue, "--json"], env);
      tokens[queue] = (JSON.parse(created.stdout) as { token: string }).token;
    }
    const csv = path.join(dataDir, "tider.csv");
    writeFileSync(
      csv,
      [
        "date,time,minutes,kind,mode,location",
        ...IMPORTED.map((s) => `${s.date},${s.time},60,samarbetssamtal,fysiskt,${s.location}`),
        ...INFORMATION.map((s) => `${s.date},${s.time},60,informationssamtal,fysiskt,${s.location}`),
      ].join("\n"),
    );
    const imported = await cli("import-slots", [csv], env);
    expect(imported.stdout).toContain(`imported ${IMPORTED.length + INFORMATION.length} time(s)`);
    portal = await startPortal({ ...env, BOOKING_JOB_INTERVAL_SECONDS: "1" });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it("lets Frida of the family-law unit publish times on the slot page, beside the imported ones", async () => {
    const context = await newContext(browser, { baseURL: portal.url });
    const page = await context.newPage();
    await loginAs(page, "frida", { staff: true, returnTo: "/personal/familjeratt/tider" });
    expect(await axeViolations(page)).toEqual([]);
    for (const slot of IMPORTED) expect(await page.textContent("main table")).toContain(slot.location);
    for (const slot of PUBLISHED) {
      await page.goto("/personal/familjeratt/tider");
      await page.fill("#f-date", slot.date);
      await page.fill("#f-time", slot.time);
      await page.fill("#f-minutes", "60");
      await page.selectOption("#f-kind", "samarbetssamtal");
      await page.selectOption("#f-mode", "fysiskt");
      await page.fill("#f-location", slot.location);
      await page.fill("#f-count", "1");
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get("publicerade") === "1"),
        page.click('main form:has(input[name="intent"][value="publish"]) button[type="submit"]'),
      ]);
      await page.locator("main table td", { hasText: slot.location }).waitFor();
    }
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  /**
   * Frida screens a request on Bokade samtal and releases the invitation: the talks kept apart
   * unless she chooses otherwise for a requester who answered safe (`separate` "nej").
   */
  async function releaseAfterScreening(reference: string, separate: "ja" | "nej" | null, look: boolean) {
    const context = await newContext(browser, { baseURL: portal.url });
    const page = await context.newPage();
    await loginAs(page, "frida", { staff: true, returnTo: "/personal/familjeratt/bokningar" });
    const card = page.locator("main section.notice", { hasText: reference });
    await card.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    if (look) await page.screenshot({ path: "/tmp/16-staff-screening.png", fullPage: true });
    // Releasing without confirming the screening changes nothing.
    await card.locator('button[name="intent"][value="release"]').click();
    await card.locator(".error-message").waitFor();
    await card.locator('input[name="screened"]').check();
    if (separate) await card.locator(`input[name="separate"][value="${separate}"]`).check();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("klart") === "released"),
      card.locator('button[name="intent"][value="release"]').click(),
    ]);
    // Released: it leaves the list of requests waiting for screening.
    await page.locator("main section.notice", { hasText: reference }).waitFor({ state: "detached" });
    await context.close();
  }

  /**
   * Whether it feels safe to meet, as Cecilia and then David answer: a joint talk only when both
   * say yes. David's invitation reaches him by the list on Mina bokningar (Cecilia knew his
   * personnummer, so the unit also sends a letter) or by the link in the e-mail the booking job sends.
   */
  const scenarios = [
    { language: "sv", javaScript: true, safe: "ja", davidSafe: "ja", invitation: "list" },
    { language: "fa", javaScript: true, safe: "nej", davidSafe: "nej", invitation: "link" },
    { language: "sv", javaScript: false, safe: "vet-inte", davidSafe: "ja", invitation: "link" },
    { language: "fa", javaScript: false, safe: "ja", davidSafe: "ja", invitation: "list" },
  ] as const;

  it.each(scenarios.map((s, i) => [s.language, s.javaScript, s.safe, s.davidSafe, s.invitation, i] as const))(
    "in %s (JavaScript %s): Cecilia says safe=%s, David says safe=%s, is invited by the %s, and both book",
    async (language, javaScript, safe, davidSafe, invitation, n) => {
      const joint = safe === "ja" && davidSafe === "ja";
      const davidEmail = `david.${n}@example.se`;
      const cecilia = await openVisitor(browser, portal.url, { javaScript, language });
      await loginAs(cecilia.page, "cecilia", { returnTo: "/samarbetssamtal/bokningar" });
      const asked = await requestTalk(cecilia, {
        child: { name: `Alvaceciliasbarn${n}`, age: 7 },
        other: {
          name: "David Dahl",
          // The list finds him by his personnummer; the link needs nothing but an address.
          ...(invitation === "list" ? { pnr: DAVID_PNR } : { email: davidEmail }),
        },
        safe,
        contact: { phone: `070-111 11 1${n}`, email: `cecilia.${n}@example.se` },
        slot: "first",
      });
      familjeratt.push(asked.reference);
      const page = cecilia.page;
      expect(await page.getAttribute("html", "lang")).toBe(language);
      expect(await page.getAttribute("html", "dir")).toBe(language === "fa" ? "rtl" : "ltr");
      expect(await page.textContent("main h1")).toBe(text(language, "samarbetssamtal", "receipt.title"));
      expect(await page.textContent("main")).toContain(asked.reference);
      const hers = await bookedTime(cecilia, asked.reference);
      expect(hers.location).toMatch(/^Familjerätten (Kyrkgatan|Lindgatan)/);
      expect(hers.place).toBe(hers.location);
      await visit(cecilia, "/samarbetssamtal/bokningar");
      expect(await page.textContent("main")).toContain(asked.reference);
      expect(await page.textContent("main")).toContain(hers.range);

      // Nobody is invited until Frida of the unit has screened the request and released it.
      await releaseAfterScreening(asked.reference, safe === "ja" ? "nej" : null, n === 0);
      // The times Cecilia may move to, now that the unit has split the days: David's booking must not change them.
      const offeredToHer = async () => {
        await visit(cecilia, `/samarbetssamtal/bokning/${asked.reference}`, { axe: false });
        return page
          .locator('main input[name="slot"]')
          .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      };
      const herListBefore = await offeredToHer();

      // The invitation.
      const david = await openVisitor(browser, portal.url, { javaScript, language });
      if (invitation === "list") {
        await loginAs(david.page, "david", { returnTo: "/samarbetssamtal/bokningar" });
        const link = david.page.locator('main a[href^="/samarbetssamtal/inbjudan/"]');
        for (let tries = 0; (await link.count()) === 0; tries++) {
          expect(tries, "the invitation shows on Mina bokningar").toBeLessThan(40);
          await new Promise((r) => setTimeout(r, 250));
          await david.page.reload();
        }
        await seen(david);
        // Mina sidor's overview says so too, with samarbetssamtal's texts, and leads to Mina bokningar.
        await visit(david, "/mina-sidor");
        const waiting = david.page.locator('main section[aria-labelledby="invitation"]');
        const says = (key: string) => text(language, "samarbetssamtal", `myPagesNotice.${key}`);
        expect(await waiting.locator("h2#invitation").textContent()).toBe(says("heading"));
        expect(await waiting.locator("p").first().textContent()).toBe(says("text"));
        expect(await waiting.locator('a.button[href="/mina-sidor/bokningar"]').textContent()).toBe(says("link"));
        await visit(david, "/samarbetssamtal/bokningar", { axe: false });
        await link.last().click();
        await david.page.waitForURL(/\/samarbetssamtal\/inbjudan\//);
      } else {
        const notice = await invitationNotice(portal.url, davidEmail);
        // It says there is an invitation, and nothing about whom, what, when or where.
        for (const secret of ["Cecilia", "Carlsson", "Alva", "samarbetssamtal", hers.location!, hers.range])
          expect(notice.body).not.toContain(secret);
        await david.page.goto(notice.link);
        expect(new URL(david.page.url()).pathname).toBe("/logga-in");
        await logInHere(david.page, "david", (url) => url.pathname.startsWith("/samarbetssamtal/inbjudan/"));
      }
      const invitationPath = new URL(david.page.url()).pathname;
      const answered = await acceptInvitation(david, {
        child: { name: `Vilgotdavidsbarn${n}`, age: 7 },
        safe: davidSafe,
        contact: { phone: `070-222 22 2${n}`, email: `david.kontakt.${n}@example.se` },
        slot: joint ? "gemensam" : "first",
      });
      familjeratt.push(answered.reference);
      expect(answered.reference).not.toBe(asked.reference);
      expect(await david.page.textContent("main h1")).toBe(text(language, "samarbetssamtal", "receipt.title"));
      const his = await bookedTime(david, answered.reference);
      await visit(david, "/samarbetssamtal/bokningar");
      expect(await david.page.textContent("main")).toContain(answered.reference);
      // The invitation is answered: no longer offered.
      expect(await david.page.locator(`main a[href="${invitationPath}"]`).count()).toBe(0);

      // Cecilia looks again, now that David has booked: only what she saw before she sees now.
      await cecilia.settled();
      cecilia.bodies.length = 0;
      cecilia.texts.length = 0;
      // (Pages axe has already checked in this state are not checked again.)
      await visit(cecilia, "/samarbetssamtal/bokningar", { axe: false });
      await visit(cecilia, `/samarbetssamtal/kvittens/${asked.reference}`, { axe: false });
      const hersAgain = await bookedTime(cecilia, asked.reference, { axe: false });
      await visit(cecilia, "/mina-sidor");

      // What was captured is what the browsers got: each parent's own time is in it.
      expect(await leaked(david, { inBodies: [his.location!, his.bookingId], inTexts: [his.range] })).not.toEqual([]);
      expect(await leaked(cecilia, { inBodies: [hers.location!], inTexts: [hers.range] })).not.toEqual([]);

      // Neither parent ever gets the other's contact details or what the other wrote, nor the
      // name of the staff member who published the time (only the unit's role).
      const staff = ["Frida", "Falk"];
      const herOwn = [`070-111 11 1${n}`, `cecilia.${n}@example.se`, `Alvaceciliasbarn${n}`, "Carlsson", ...staff];
      const hisOwn = [`070-222 22 2${n}`, `david.kontakt.${n}@example.se`, `Vilgotdavidsbarn${n}`, ...staff];
      // The calendar file: a neutral summary in the parent's language, no names, no contacts.
      for (const file of [hers.ics, his.ics, hersAgain.ics]) {
        expect(file.replace(/\r\n /g, "")).toContain(
          `SUMMARY:${text(language, "samarbetssamtal", "calendar.summary")}`,
        );
        for (const name of ["Cecilia", "Carlsson", "David", "Dahl", "Alva", "Vilgot", "example.se", "070-", ...staff])
          expect(file).not.toContain(name);
      }

      if (joint) {
        // Both said it is safe: David was offered Cecilia's time and took it.
        expect(answered.slots.jointLabel).toContain(hers.range);
        expect(his).toMatchObject({ startsAt: hers.startsAt, location: hers.location, joint: true });
        expect(await leaked(david, { inBodies: herOwn, inTexts: [] })).toEqual([]);
        expect(await leaked(cecilia, { inBodies: hisOwn, inTexts: [] })).toEqual([]);
      } else {
        expect(answered.slots.jointLabel).toBeNull();
        expect(answered.slots.values).not.toContain("gemensam");
        expect(his.joint).toBe(false);
        expect(his.startsAt).not.toBe(hers.startsAt);
        expect(his.location).not.toBe(hers.location);
        // Separate talks: nothing of the other's time, place, booking or contact details, in
        // anything either browser received (pages, loader data) or showed, or in the calendar file.
        expect(
          await leaked(david, {
            inBodies: [...herOwn, hers.location!, hers.startsAt, hers.bookingId],
            inTexts: [hers.range],
          }),
        ).toEqual([]);
        expect(his.ics).not.toContain(hers.location!);
        expect(
          await leaked(cecilia, {
            inBodies: [...hisOwn, his.location!, his.startsAt, his.bookingId],
            inTexts: [his.range],
          }),
        ).toEqual([]);
        expect(hersAgain.ics).not.toContain(his.location!);
      }
      expect(hersAgain.startsAt).toBe(hers.startsAt);
      // Her list of times is exactly what it was before David booked (separate talks: from days he is
      // never offered; joint: he took her time, which was never in her list of others).
      const herListAfter = await offeredToHer();
      expect(herListAfter.length).toBeGreaterThan(0);
      expect(herListAfter).toEqual(herListBefore);

      if (javaScript) {
        expect(cecilia.violations).toEqual({});
        expect(david.violations).toEqual({});
      }
      await cecilia.context.close();
      await david.context.close();
    },
  );

  it("gets every booking to the robot from the familjerätt queue, and a protected one only from skyddad", async () => {
    expect(familjeratt).toHaveLength(scenarios.length * 2);
    // Eva has protected personal data: a place the unit gives by phone, never an address.
    const eva = await openVisitor(browser, portal.url, { javaScript: true, language: "sv" });
    await loginAs(eva.page, "eva", { returnTo: "/samarbetssamtal/bokningar" });
    const asked = await requestTalk(eva, {
      child: { name: "Evasbarn", age: 4 },
      other: { name: "Den andre" },
      safe: "nej",
      protected: true,
      contact: { phone: "070-333 33 33" },
      slot: "first",
    });
    const hers = await bookedTime(eva, asked.reference);
    expect(hers.location).toBeNull();
    expect(hers.place).toBe(text("sv", "samarbetssamtal", "booking.placeByPhone"));
    expect(await leaked(eva, { inBodies: ["Lindgatan", "Kyrkgatan"], inTexts: [] })).toEqual([]);
    await eva.context.close();

    const drain = async (queue: "familjeratt" | "skyddad") => {
      const result = await cli(
        "reference-robot",
        ["--url", portal.url, "--queue", queue, "--out", out, "--case-prefix", "FR"],
        { ROBOT_TOKEN: tokens[queue] },
      );
      return result.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { reference?: string; outcome?: string; summary?: Record<string, number> });
    };
    const item = (reference: string) => JSON.parse(readFileSync(path.join(out, reference, "item.json"), "utf8"));

    const general = await drain("familjeratt");
    expect(general.filter((l) => l.reference).map((l) => [l.reference, l.outcome])).toEqual(
      expect.arrayContaining(familjeratt.map((reference) => [reference, "completed"])),
    );
    expect(general.map((l) => l.reference)).not.toContain(asked.reference);
    expect(general.at(-1)!.summary).toMatchObject({ handled: familjeratt.length, completed: familjeratt.length });
    for (const [i, reference] of familjeratt.entries()) {
      const got = item(reference);
      expect(got).toMatchObject({ serviceId: "samarbetssamtal", queue: "familjeratt", flags: [] });
      const { safe, davidSafe, invitation } = scenarios[Math.floor(i / 2)]!;
      expect(got.computed).toMatchObject(
        i % 2 === 0
          ? {
              party: "requester",
              separateTalks: safe !== "ja",
              choice: "tid",
              // No e-mail or mobile number for David: the unit sends a letter.
              invitation: invitation === "list" ? "letter" : "email",
            }
          : { party: "invitee", choice: safe === "ja" && davidSafe === "ja" ? "gemensam" : "tid", invitation: null },
      );
    }

    const restricted = await drain("skyddad");
    expect(restricted.filter((l) => l.reference).map((l) => [l.reference, l.outcome])).toEqual([
      [asked.reference, "completed"],
    ]);
    expect(item(asked.reference)).toMatchObject({
      serviceId: "samarbetssamtal",
      queue: "skyddad",
      flags: ["protected_identity"],
      computed: { mode: "annan-plats", separateTalks: true },
    });
  });

  it("lets David decline in Arabic, told exactly what Cecilia learns, and tells her only that he said no", async () => {
    const cecilia = await openVisitor(browser, portal.url, { javaScript: true, language: "sv" });
    await loginAs(cecilia.page, "cecilia", { returnTo: "/samarbetssamtal/bokningar" });
    const asked = await requestTalk(cecilia, {
      child: { name: "Alvaceciliasbarn8", age: 7 },
      other: { name: "David Dahl", pnr: DAVID_PNR },
      safe: "nej",
      contact: { phone: "070-111 11 18", email: "cecilia.8@example.se" },
      slot: "first",
    });
    await releaseAfterScreening(asked.reference, null, false);

    const david = await openVisitor(browser, portal.url, { javaScript: false, language: "ar" });
    await loginAs(david.page, "david", { returnTo: "/samarbetssamtal/bokningar" });
    const link = david.page.locator('main a[href^="/samarbetssamtal/inbjudan/"]');
    for (let tries = 0; (await link.count()) === 0; tries++) {
      expect(tries, "the invitation shows on Mina bokningar").toBeLessThan(40);
      await new Promise((r) => setTimeout(r, 250));
      await david.page.reload();
    }
    // Earlier scenarios' invitations are answered; this one is the only one waiting.
    await link.last().click();
    await david.page.waitForURL(/\/samarbetssamtal\/inbjudan\//);
    // Before he answers, the page says what a no tells the other parent: that he said no, nothing else.
    expect(await david.page.textContent("main")).toContain(text("ar", "samarbetssamtal", "invitation.declineBody"));
    await david.page.click('main form:has(input[name="intent"][value="decline"]) button');
    await david.page.locator("main [role=status]").waitFor();
    await seen(david);
    expect(await david.page.textContent("main [role=status]")).toBe(
      text("ar", "samarbetssamtal", "invitation.declined"),
    );

    // Cecilia's errand says only that the other parent declined; her own talk stands. (It runs after the
    // robot has drained the queue, so the robot test counts only the scenarios' requests.)
    await visit(cecilia, `/mina-sidor/arenden/${asked.reference}`);
    expect(await cecilia.page.textContent("main")).toContain(text("sv", "mypages", "events.other_parent_declined"));
    await bookedTime(cecilia, asked.reference);
    expect(cecilia.violations).toEqual({});
    await cecilia.context.close();
    await david.context.close();
    // Two parents, a screening and a release in one test: more than two minutes on a loaded machine.
  }, 300_000);

  it("shows the unit a waiting request and the linked bookings at 360 px in sv, ar and so, axe clean, without scrolling sideways", async () => {
    const cecilia = await openVisitor(browser, portal.url, { javaScript: true, language: "sv" });
    await loginAs(cecilia.page, "cecilia", { returnTo: "/samarbetssamtal/bokningar" });
    const asked = await requestTalk(cecilia, {
      child: { name: "Alvaceciliasbarn9", age: 7 },
      other: { name: "David Dahl", pnr: DAVID_PNR },
      safe: "nej",
      contact: { phone: "070-111 11 19", email: "cecilia.9@example.se" },
      slot: "first",
    });
    await cecilia.context.close();
    const context = await newContext(browser, { baseURL: portal.url, width: WIDTHS.mobile });
    const page = await context.newPage();
    await loginAs(page, "frida", { staff: true, returnTo: "/personal/familjeratt/bokningar" });
    for (const language of ["sv", "ar", "so"] as const) {
      await page.goto(`/sprak?${new URLSearchParams({ lng: language, returnTo: "/personal/familjeratt/bokningar" })}`);
      expect(await page.getAttribute("html", "lang")).toBe(language);
      await page.locator("main section.notice", { hasText: asked.reference }).waitFor();
      expect(await page.textContent("main")).toContain(text(language, "staff", "bookings.screening.title"));
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: `/tmp/16-staff-bookings-${language}-360.png`, fullPage: true });
      // Reflow (WCAG 1.4.10): a wide table scrolls in its own frame, the page does not.
      expect(await page.locator("main .table-wrap table").count()).toBeGreaterThan(0);
      expect(await sidewaysOverflow(page)).toBe(0);
      await page.goto("/personal/familjeratt/tider");
      expect(await page.locator("main .table-wrap table").count()).toBeGreaterThan(0);
      expect(await sidewaysOverflow(page)).toBe(0);
    }
    await context.close();
  }, 240_000);

  it("books an informationssamtal as its own choice, on the unit's informationssamtal times only, without the court question", async () => {
    const cecilia = await openVisitor(browser, portal.url, { javaScript: false, language: "sv" });
    await loginAs(cecilia.page, "cecilia", { returnTo: "/samarbetssamtal/bokningar" });
    const asked = await requestTalk(cecilia, {
      kind: "informationssamtal",
      child: { name: "Alvaceciliasbarn10", age: 7 },
      other: { name: "David Dahl", pnr: DAVID_PNR },
      safe: "ja",
      contact: { phone: "070-111 11 20" },
      slot: "first",
    });
    // Every time offered was an informationssamtal time; she got the first of them.
    expect(asked.slots.values.filter((v) => /^[0-9a-f-]{36}$/.test(v))).toHaveLength(INFORMATION.length);
    const hers = await bookedTime(cecilia, asked.reference);
    expect(hers.location).toBe(INFORMATION[0]!.location);
    await cecilia.context.close();
  });
});

/** The newest invitation the development outbox holds for an address, waiting for the booking job to send it. */
async function invitationNotice(baseURL: string, to: string): Promise<{ body: string; link: string }> {
  for (let tries = 0; tries < 60; tries++) {
    const html = await (await fetch(`${baseURL}/dev/utkorg`)).text();
    const section = html.split("<section").find((s) => s.includes(to));
    const body = section ? /<p class="message-body">([^<]*)<\/p>/.exec(section)?.[1] : undefined;
    const link = body ? /\/mina-sidor\/inbjudan\/[A-Za-z0-9._-]+/.exec(body)?.[0] : undefined;
    if (body && link) return { body, link };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no invitation to ${to} in the development outbox`);
}

/** How many pixels the page is wider than the window: more than 0 means it scrolls sideways. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
