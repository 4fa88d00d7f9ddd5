import { chromium, type Page } from "playwright-core";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
const js = process.argv[2] !== "nojs";
const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: "sv-SE", javaScriptEnabled: js });
const page = await ctx.newPage();
const shot = async (n: string) => page.screenshot({ path: `/tmp/flow-${js ? "js" : "nojs"}-${n}.png`, fullPage: true });
async function go(selector: string) {
  const before = page.url();
  await page.click(selector);
  await page.waitForFunction((b) => location.href !== b || document.querySelector(".error-summary"), before).catch(() => {});
  await page.waitForLoadState("networkidle");
  console.log(new URL(page.url()).pathname);
}
const next = () => go("button:has-text('Spara och fortsätt')");
await page.goto("http://localhost:3100/orosanmalan");
await go("text=Gör en anmälan");
await next();
await shot("2-error");
await page.check("text=Jag anmäler som privatperson"); await next();
await page.check("text=Ja, jag vill vara anonym"); await next();
await page.check("text=Ett barn eller flera syskon"); await next();
await page.fill("#f-name", "Kim"); await page.fill("#f-age", "7");
await go("button:has-text('Lägg till')");
await shot("3-repeat");
await next();
await next(); // guardians: none
await next(); // siblings
await page.fill("#f-what", "Kim kommer ofta hungrig till skolan."); await page.fill("#f-when", "Sedan i höstas"); await page.check("text=Jag har själv sett det"); await next();
await page.check("#f-danger-1"); await next();
await page.check("#f-guardiansKnow-2"); await next();
await page.check("#f-honour-1"); await next();
await page.check("#f-ownStaff-1"); await next();
await shot("5-bilagor");
await page.setInputFiles("#file-bilaga", { name: "brev.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
await go("button[value=upload]");
await shot("6-uploaded");
await next();
await shot("7-review");
await go("button:has-text('Skicka anmälan')");
await shot("8-receipt");
const pdfLink = await page.getAttribute("a[download]", "href");
const pdf = await page.request.get(pdfLink!);
console.log("pdf", pdf.status(), pdf.headers()["content-type"], (await pdf.body()).length);
await browser.close();
