import type { Page } from "playwright-core";

/** Logs in through the embedded test identity provider as one of its shipped test persons. */
export async function loginAs(page: Page, person: string, options: { staff?: boolean; returnTo?: string } = {}) {
  const start = options.staff ? "/personal/logga-in/start" : "/logga-in/e-legitimation";
  const returnTo = options.returnTo ?? (options.staff ? "/personal" : "/mina-sidor");
  await page.goto(`${start}?${new URLSearchParams({ returnTo })}`);
  await page.check(`#p-${person}`);
  await page.click('button[value="login"]');
  await page.waitForURL((url) => url.pathname === returnTo.split("?")[0]);
}
