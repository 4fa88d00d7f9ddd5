import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Debian's Chromium by default; CHROMIUM_PATH points elsewhere on other machines. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const WIDTHS = { desktop: 1280, mobile: 360 } as const;

export async function newContext(
  browser: Browser,
  options: { width?: number; javaScript?: boolean; baseURL: string },
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL,
    viewport: { width: options.width ?? WIDTHS.desktop, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
    locale: "sv-SE",
  });
}

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: string[];
}

/** WCAG 2.0 and 2.1, levels A and AA: what DOS-lagen requires. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}
