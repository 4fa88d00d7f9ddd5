import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { RobotClient } from "~/cli/lib/robot-client";
import type { ClaimedItem } from "~/queue/robot-items.server";
import {
  fillService,
  forsorjningsstodAnswers,
  loginResident,
  loginStaff,
  orosanmalanAnswers,
  samarbetssamtalAnswers,
  send,
  WebClient,
} from "../support/web-client";

/**
 * Script injection through every free-text field a person fills in: the payload must come back
 * as text wherever it is shown — the review page, the receipt, Mina sidor, a message, the staff
 * console — and never as markup (not even inside the page's embedded data, where "</script>"
 * would end the script). The PDF receipt carries it as text and has no actions; the robot gets
 * it back exactly as typed, as JSON data.
 */

const base = inject("portalUrl");
const tokens = inject("robotTokens");

/** 94 characters: fits the shortest free-text field (a name, 100). */
const PAYLOAD = `<script>alert(1)</script>"><img src=x onerror=alert(2)></textarea><svg onload=alert(3)>{{7*7}}`;
const RAW_MARKUP = ["<script>alert(1)", "<img src=x onerror", "<svg onload", "</textarea><svg"];

function expectEscaped(html: string, where: string) {
  for (const raw of RAW_MARKUP) expect(html, `${where} carries ${raw} as markup`).not.toContain(raw);
  // …and it is there, as text.
  expect(html, `${where} does not show the text`).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  let text = "";
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    text += content.items.map((item) => ("str" in item ? item.str : "")).join("");
  }
  await document.destroy();
  return text;
}

/** Claims items in a queue until the one with this reference comes (completing the others). */
async function claimed(token: string, queue: string, reference: string): Promise<ClaimedItem> {
  const robot = new RobotClient({ url: base, token });
  for (let i = 0; i < 100; i++) {
    const [item] = await robot.claim(queue, 1);
    if (!item) break;
    if (item.reference === reference) return item;
    await robot.complete(item.id, { leaseId: item.lease.id, caseNumber: "X-1", caseSystem: "xss" });
  }
  throw new Error(`${reference} never reached the robot`);
}

describe("script injection in free text", () => {
  let anna: WebClient;
  let application: string;

  beforeAll(async () => {
    anna = new WebClient(base);
    await loginResident(anna, "anna");
  });

  it("shows an orosanmälan's answers as text on the review page and the receipt, and hands them to the robot and staff unchanged", async () => {
    const reporter = new WebClient(base);
    const review = await fillService(reporter, "orosanmalan", orosanmalanAnswers({ free: PAYLOAD }));
    expectEscaped((await reporter.page(review)).html, "the review page");
    const { csrf } = await reporter.page(review);
    const sent = await reporter.postForm(review, { csrf: csrf!, declaration: "ja" });
    const receiptUrl = sent.headers.get("location")!;
    const receipt = await reporter.page(receiptUrl);
    expect(receipt.status).toBe(200);
    const reference = /kvittens\/([^?]+)/.exec(receiptUrl)![1]!;

    // The robot: JSON data, exactly as typed.
    const item = await claimed(tokens.vuxna, "mottagning-vuxna", reference);
    expect(JSON.stringify(item.answers)).toContain(JSON.stringify(PAYLOAD));
    expect((item.answers as Record<string, Record<string, unknown>>).oro!.what).toBe(PAYLOAD);

    // The staff console: the item's page, opened by a caseworker at the intake of adults.
    const viktor = new WebClient(base);
    await loginStaff(viktor, "viktor");
    const staffPage = await viktor.page(`/personal/koer/mottagning-vuxna/${item.id}`);
    expect(staffPage.status).toBe(200);
    expectEscaped(staffPage.html, "the staff console's item page");
    await new RobotClient({ url: base, token: tokens.vuxna }).complete(item.id, {
      leaseId: item.lease.id,
      caseNumber: "KS-2026-1",
      caseSystem: "xss",
    });
  });

  it("shows försörjningsstöd's free text as text on the review page, the receipt, Mina sidor and in the PDF", async () => {
    const review = await fillService(anna, "forsorjningsstod", forsorjningsstodAnswers(new Date(), PAYLOAD));
    expectEscaped((await anna.page(review)).html, "the review page");
    application = await send(anna, review);
    expectEscaped((await anna.page(`/mina-sidor/arenden/${application}`)).html, "Mina sidor");

    const pdf = await anna.request(`/forsorjningsstod/kvittens/${application}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    const bytes = await pdf.arrayBuffer();
    const raw = Buffer.from(bytes).toString("latin1");
    // No script, no action run on opening, nothing launched.
    for (const key of ["/JavaScript", "/JS ", "/OpenAction", "/AA ", "/Launch"]) expect(raw).not.toContain(key);
    const text = await pdfText(bytes);
    expect(text).toContain(application);
    // The free text is there as the same characters (the value column wraps it; a label may sit between).
    const flat = text.replace(/\s/g, "");
    expect(flat).toContain(`<script>alert(1)</script>"><imgsrc=x`);
    expect(flat).toContain("onerror=alert(2)></textarea><svgonload=alert(3)>{{7*7}}");

    const item = await claimed(tokens.ekonomi, "ekonomiskt-bistand", application);
    expect((item.answers as Record<string, Record<string, unknown>>).ovrigt!.other).toBe(PAYLOAD);
    await new RobotClient({ url: base, token: tokens.ekonomi }).complete(item.id, {
      leaseId: item.lease.id,
      caseNumber: "KS-2026-2",
      caseSystem: "xss",
    });
  });

  it("shows a message on Mina sidor as text", async () => {
    const page = await anna.page(`/mina-sidor/arenden/${application}`);
    const form = new FormData();
    form.set("csrf", page.csrf!);
    form.set("message", PAYLOAD);
    form.set("intent", "message");
    const sent = await anna.postMultipart(`/mina-sidor/arenden/${application}`, form);
    await sent.arrayBuffer();
    expect(sent.status).toBeLessThan(400);
    expectEscaped((await anna.page(`/mina-sidor/arenden/${application}`)).html, "the message thread");
  });

  it("shows a samarbetssamtal request's free text as text on the review page, the receipt and the booking", async () => {
    const cecilia = new WebClient(base);
    await loginResident(cecilia, "cecilia");
    const review = await fillService(cecilia, "samarbetssamtal", samarbetssamtalAnswers(PAYLOAD));
    expectEscaped((await cecilia.page(review)).html, "the review page");
    const reference = await send(cecilia, review);
    const receipt = await cecilia.page(`/samarbetssamtal/kvittens/${reference}`);
    expect(receipt.status).toBe(200);
    expect(receipt.html).not.toContain("<script>alert(1)");
    const booking = await cecilia.page(`/samarbetssamtal/bokning/${reference}`);
    expect(booking.html).not.toContain("<script>alert(1)");
  });

  it("keeps a payload in the address out of the page as markup", async () => {
    for (const url of [
      `/finns-inte/${encodeURIComponent(PAYLOAD)}`,
      `/?lng=${encodeURIComponent(PAYLOAD)}`,
      `/logga-in?returnTo=${encodeURIComponent(`javascript:alert(1)//${PAYLOAD}`)}`,
      `/sprak?lng=sv&returnTo=${encodeURIComponent("javascript:alert(1)")}`,
    ]) {
      const response = await anna.request(url);
      const html = await response.text();
      for (const raw of RAW_MARKUP) expect(html, url).not.toContain(raw);
      expect(response.headers.get("location") ?? "").not.toMatch(/^javascript:/i);
      expect(html).not.toMatch(/href="javascript:/i);
    }
  });
});
