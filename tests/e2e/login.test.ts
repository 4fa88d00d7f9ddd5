import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testResidents, testStaff } from "~/auth/dev-idp/test-persons";
import { formatIdentityNumber } from "~/auth/personnummer";
import { axeViolations, launchChromium, newContext } from "../support/browser";
import { loginAs } from "../support/login";

const baseURL = inject("portalUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function page(options: { javaScript?: boolean } = {}) {
  const context = await newContext(browser, { baseURL, ...options });
  return { context, page: await context.newPage() };
}

describe("logging in", () => {
  it.each(testResidents.map((p) => [p.id, p] as const))(
    "logs in the test person %s and shows their own number on Mina sidor",
    async (_id, person) => {
      const { context, page: p } = await page();
      await p.goto("/mina-sidor");
      expect(new URL(p.url()).pathname).toBe("/logga-in");
      await p.click("text=Logga in med e-legitimation");
      await p.check(`#p-${person.id}`);
      await p.click('button[value="login"]');
      await p.waitForURL("**/mina-sidor");
      expect(await p.textContent("main")).toContain(`${person.givenName} ${person.familyName}`);
      expect(await p.textContent("main")).toContain(formatIdentityNumber(person.pnr));
      expect(await p.locator("text=skyddade personuppgifter").count()).toBe(person.protectedIdentity ? 1 : 0);
      await context.close();
    },
  );

  it.each(testStaff.map((s) => [s.id, s] as const))(
    "logs in the staff member %s to the staff pages",
    async (_id, member) => {
      const { context, page: p } = await page();
      await p.goto("/personal");
      expect(new URL(p.url()).pathname).toBe("/personal/logga-in");
      await loginAs(p, member.id, { staff: true });
      expect(await p.textContent("main")).toContain(`${member.givenName} ${member.familyName}`);
      await context.close();
    },
  );

  it("works without JavaScript, and logs out through the provider", async () => {
    const { context, page: p } = await page({ javaScript: false });
    await loginAs(p, "anna");
    await p.click("header button:has-text('Logga ut')");
    await p.click('button[value="yes"]');
    await p.waitForURL("**/utloggad");
    expect(await p.textContent("h1")).toBe("Du är utloggad");
    await p.goto("/mina-sidor");
    expect(new URL(p.url()).pathname).toBe("/logga-in");
    await context.close();
  });

  it("brings the person back to the page they were on, from the header's link and from Boka samtal", async () => {
    const { context, page: p } = await page({ javaScript: false });
    await p.goto("/samarbetssamtal");
    await p.click('header a[href^="/logga-in"]');
    await p.click("text=Logga in med e-legitimation");
    await p.check("#p-cecilia");
    await p.click('button[value="login"]');
    await p.waitForURL((url) => url.pathname === "/samarbetssamtal");
    await context.close();

    const second = await page({ javaScript: false });
    await second.page.goto("/samarbetssamtal");
    await second.page.click('main form[action="/samarbetssamtal/starta"] button');
    expect(new URL(second.page.url()).pathname).toBe("/logga-in");
    await second.page.click("text=Logga in med e-legitimation");
    await second.page.check("#p-cecilia");
    await second.page.click('button[value="login"]');
    await second.page.waitForURL((url) => url.pathname === "/samarbetssamtal");
    await second.context.close();
  });

  it("never lets a resident into the staff pages", async () => {
    const { context, page: p } = await page();
    await loginAs(p, "anna");
    const response = await p.goto("/personal");
    expect(response?.status()).toBe(403);
    expect(await p.textContent("h1")).toBe("Du har inte behörighet");
    await context.close();
  });

  it("ignores a returnTo that points off-site", async () => {
    const { context, page: p } = await page();
    await p.goto(`/logga-in/e-legitimation?returnTo=${encodeURIComponent("https://evil.example/")}`);
    await p.check("#p-anna");
    await p.click('button[value="login"]');
    await p.waitForURL("**/mina-sidor");
    expect(new URL(p.url()).origin).toBe(baseURL);
    await context.close();
  });

  it("explains a tampered callback in the person's language, with no 500", async () => {
    const { context, page: p } = await page();
    const response = await p.goto("/logga-in/callback?code=stolen&state=forged");
    expect(response?.status()).toBe(400);
    expect(await p.textContent("h1")).toBe("Inloggningen kunde inte slutföras");
    await p.goto("/logga-in/callback?code=stolen&state=forged&lng=ar");
    expect(await p.getAttribute("html", "dir")).toBe("rtl");
    expect(await p.locator("a.button").getAttribute("href")).toBe("/logga-in");
    await context.close();
  });

  it("explains a cancelled login", async () => {
    const { context, page: p } = await page();
    await p.goto("/logga-in/e-legitimation?returnTo=/mina-sidor");
    await p.click('button[value="cancel"]');
    await p.waitForURL((url) => url.pathname === "/logga-in/callback");
    expect(await p.textContent("h1")).toBe("Inloggningen avbröts");
    await context.close();
  });
});

describe("CSRF", () => {
  it("refuses a state-changing request without the form's token, and one marked cross-site", async () => {
    const { context, page: p } = await page();
    await loginAs(p, "anna");
    const noToken = await p.request.post("/logga-ut", { form: { csrf: "wrong" } });
    expect(noToken.status()).toBe(403);
    const crossSite = await p.request.post("/logga-ut", {
      form: { csrf: "x" },
      headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(crossSite.status()).toBe(403);
    // Still logged in: nothing changed.
    await p.goto("/mina-sidor");
    expect(new URL(p.url()).pathname).toBe("/mina-sidor");
    await context.close();
  });
});

describe("idle session", () => {
  it("warns before the session ends, lets the person stay, and logs out when time runs out", async () => {
    const { context, page: p } = await page();
    await p.clock.install();
    await loginAs(p, "anna");
    const dialog = p.locator("dialog.session-dialog");
    // The count starts once the page's script runs.
    await p.locator("dialog.session-dialog[data-ends-at]").waitFor({ state: "attached" });
    expect(await dialog.isVisible()).toBe(false);

    await p.clock.fastForward("18:30");
    await dialog.waitFor({ state: "visible" });
    expect(await dialog.getAttribute("aria-labelledby")).toBe("session-timeout-title");
    expect(await axeViolations(p)).toEqual([]);
    const extended = p.waitForResponse((r) => r.url().includes("/session/forlang"));
    await p.click("text=Fortsätt vara inloggad");
    await dialog.waitFor({ state: "hidden" });
    await extended;

    await p.clock.fastForward("25:00");
    await p.waitForURL((url) => url.pathname === "/logga-in" && url.searchParams.get("reason") === "expired");
    expect(await p.textContent("main")).toContain("Du har loggats ut");
    await context.close();
  });

  it("takes every tab off its page when the person logs out in one", async () => {
    const { context, page: left } = await page();
    await loginAs(left, "anna");
    const other = await context.newPage();
    await other.goto("/mina-sidor/kontakt");
    const listening = (tab: typeof left) =>
      tab.locator("dialog.session-dialog[data-ends-at]").waitFor({ state: "attached" });
    await Promise.all([listening(left), listening(other)]);
    await left.click("header button:has-text('Logga ut')");
    await expect.poll(() => new URL(other.url()).pathname, { timeout: 15_000 }).toBe("/utloggad");
    await context.close();
  });

  it("keeps a tab left open from ending the session while the person works in another, then ends it in both", async () => {
    const { context, page: left } = await page();
    await context.clock.install();
    await loginAs(left, "anna");
    const working = await context.newPage();
    await working.goto("/mina-sidor");
    // When each tab will end the session, once its script runs.
    const endsAt = (tab: typeof left) =>
      tab.locator("dialog.session-dialog[data-ends-at]").getAttribute("data-ends-at").then(Number);
    const [first] = await Promise.all([endsAt(left), endsAt(working)]);

    await context.clock.fastForward("15:00");
    await working.goto("/mina-sidor/kontakt");
    await endsAt(working);
    // The left tab heard of the activity and moved its own end on by the 15 minutes.
    await expect.poll(() => endsAt(left)).toBeGreaterThanOrEqual(first + 15 * 60_000);
    // 25 minutes after the left tab's last page: past its own 20, but not past the other tab's.
    await context.clock.fastForward("10:00");
    await new Promise((settle) => setTimeout(settle, 1000)); // a logout would have begun by now
    expect(new URL(left.url()).pathname).toBe("/mina-sidor");
    expect(await left.locator("dialog.session-dialog").isVisible()).toBe(false);

    await context.clock.fastForward("11:00");
    for (const tab of [left, working]) {
      await expect.poll(() => new URL(tab.url()).pathname, { timeout: 15_000 }).toBe("/logga-in");
      expect(new URL(tab.url()).searchParams.get("reason")).toBe("expired");
    }
    await context.close();
  });
});
