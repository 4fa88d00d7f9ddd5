// Screenshots of the staff console for a look by eye. Deleted after use.
import { launchChromium } from "./tests/support/browser";
import { loginAs } from "./tests/support/login";
const base = "http://localhost:3400";
const [who, width, lng, ...paths] = process.argv.slice(2) as [string, string, string, ...string[]];
const browser = await launchChromium();
const context = await browser.newContext({ baseURL: base, viewport: { width: Number(width), height: 900 }, locale: "sv-SE" });
const page = await context.newPage();
await loginAs(page, who, { staff: true });
for (let p of paths) {
  if (p === "FIRST_ITEM") {
    await page.goto("/personal/koer/mottagning-vuxna");
    p = (await page.getAttribute("main table a", "href"))!;
  }
  const sep = p.includes("?") ? "&" : "?";
  await page.goto(`${p}${sep}lng=${lng}`);
  const name = `/tmp/staffcheck/shot-${who}-${lng}-${width}-${p.replace(/[^a-z0-9]+/gi, "_")}.png`;
  await page.screenshot({ path: name, fullPage: true });
  console.log(name);
  if (process.env.CHUNK) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const step = Number(process.env.CHUNK);
    for (let y = 0, i = 0; y < height; y += step, i++) {
      const part = name.replace(".png", `-${String(i).padStart(2, "0")}.png`);
      await page.screenshot({ path: part, fullPage: true, clip: { x: 0, y, width: Number(width), height: Math.min(step, height - y) } });
      console.log(part);
    }
  }
}
await browser.close();
