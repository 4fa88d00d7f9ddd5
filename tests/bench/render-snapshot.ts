/**
 * Saves the raw bytes of a set of rendered pages in all seven languages, with what changes per
 * response (nonces, CSRF tokens, draft ids, session-bound values) replaced by placeholders, so a
 * change to the render path can be shown to keep every page byte for byte the same:
 *
 *   npm run build && npx tsx tests/bench/render-snapshot.ts /tmp/before
 *   (change, build)   npx tsx tests/bench/render-snapshot.ts /tmp/after
 *   diff -r /tmp/before /tmp/after
 *
 * It starts the built portal on a fresh embedded database of its own.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { languageCodes } from "~/i18n/languages";
import { launchChromium } from "../support/browser";
import { startPortal } from "../support/portal-process";
import { loginAs } from "../support/login";

const out = process.argv[2];
if (!out) throw new Error("usage: render-snapshot.ts <directory>");
mkdirSync(out, { recursive: true });

const publicPaths = [
  "/",
  "/tillganglighet",
  "/personuppgifter",
  "/api/robot/v1",
  "/finns-inte",
  "/logga-in",
  "/personal/logga-in",
  "/utloggad",
  "/orosanmalan",
  "/forsorjningsstod",
  "/samarbetssamtal",
];

/** What differs between two renders of the same page for reasons that are not the render path. */
function normalise(html: string): string {
  return html
    .replace(/nonce="[^"]*"/g, 'nonce="N"')
    .replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value="C"')
    .replace(/\\"csrfToken\\",\\"[^\\"]*\\"/g, '\\"csrfToken\\",\\"C\\"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "U")
    .replace(/\\"idleRemainingMs\\",\d+/g, '\\"idleRemainingMs\\",0');
}

const portal = await startPortal();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ baseURL: portal.url });
  const save = async (name: string, url: string) => {
    const response = await context.request.get(url, { maxRedirects: 0 });
    const bytes = Buffer.from(await response.body());
    writeFileSync(
      path.join(out, `${name}.html`),
      `${response.status()}\n${normalise(bytes.toString("latin1"))}`,
      "latin1",
    );
  };
  for (const language of languageCodes) {
    for (const page of publicPaths) {
      await save(`${language}${page.replaceAll("/", "_")}`, `${page}?lng=${language}`);
    }
  }
  // A form step of an anonymous draft, every language.
  const start = await context.request.get("/orosanmalan");
  const csrf = /name="csrf" value="([^"]+)"/.exec(await start.text())![1]!;
  const started = await context.request.post("/orosanmalan/starta", { form: { csrf }, maxRedirects: 0 });
  const step = new URL(started.headers()["location"]!, portal.url).pathname;
  for (const language of languageCodes) await save(`${language}_form-step`, `${step}?lng=${language}`);
  // A logged-in resident's own pages.
  const page = await context.newPage();
  await loginAs(page, "anna");
  for (const language of languageCodes) await save(`${language}_mina-sidor`, `/mina-sidor?lng=${language}`);
} finally {
  await browser.close();
  await portal.stop();
}
