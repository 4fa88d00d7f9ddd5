import { chromium } from "playwright-core";
const [,, url, out, width, js, scrollY] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
const ctx = await browser.newContext({ viewport: { width: Number(width ?? 1280), height: 800 }, javaScriptEnabled: js !== "nojs" });
const page = await ctx.newPage();
await page.goto(url!);
if (scrollY) await page.evaluate((y) => window.scrollTo(0, y), Number(scrollY));
await page.screenshot({ path: out! });
await browser.close();
