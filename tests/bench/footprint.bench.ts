/**
 * What a visitor and an operator notice first: the start page's speed beside a bare server,
 * the portal's resident memory at rest and after thousands of requests, and the bytes a phone
 * downloads for a page (compressed, as Chromium receives them) with its Largest Contentful Paint
 * under a mobile profile (Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, CPU four
 * times slower), measured with Chromium through playwright rather than Lighthouse itself.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchChromium } from "../support/browser";
import { startPortal, type PortalProcess } from "../support/portal-process";
import { bareServer, closeServer, load } from "./http-load";

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const MB = 2 ** 20;

/** Resident set size of a process now, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return round((Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024) / MB);
}

/** At rest: ready, then a few quiet seconds for start-up work (migrations, jobs) to settle. */
async function restingRss(portal: PortalProcess): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  return rssMb(portal.child.pid!);
}

/** The start page (no login) against a bare Node server answering the same bytes. */
export async function benchStartPage(portal: PortalProcess, seconds: number) {
  const headers = { "accept-language": "sv" };
  const page = await fetch(`${portal.url}/`, { headers });
  const bytes = Buffer.from(await page.arrayBuffer());
  if (page.status !== 200) throw new Error(`the start page did not render (${page.status})`);
  await load(`${portal.url}/`, headers, 2); // warm-up
  const portalResult = await load(`${portal.url}/`, headers, seconds);
  const bare = await bareServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": bytes.length });
    res.end(bytes);
  });
  try {
    await load(`${bare.url}/`, headers, 2);
    return { bytes: bytes.length, portal: portalResult, baseline: await load(`${bare.url}/`, headers, seconds) };
  } finally {
    await closeServer(bare.server);
  }
}

/** RSS at rest, then after 2 000 and after 10 000 requests to the start page. */
export async function benchMemory(portal: PortalProcess) {
  const headers = { "accept-language": "sv" };
  const atRest = await restingRss(portal);
  await load(`${portal.url}/`, headers, Infinity, 2_000);
  const after2000 = rssMb(portal.child.pid!);
  await load(`${portal.url}/`, headers, Infinity, 8_000);
  const after10000 = rssMb(portal.child.pid!);
  return { atRestMb: atRest, after2000Mb: after2000, after10000Mb: after10000 };
}

/** The embedded database's portal at rest on a new data directory (initdb) and on a restart. */
export async function benchPgliteStarts() {
  const dir = mkdtempSync(path.join(tmpdir(), "ingang-bench-starts-"));
  try {
    const first = await startPortal({ DATA_DIR: dir, LOG_LEVEL: "warn" });
    const firstStartMb = await restingRss(first).finally(() => first.stop());
    const again = await startPortal({ DATA_DIR: dir, LOG_LEVEL: "warn" });
    const restartMb = await restingRss(again).finally(() => again.stop());
    return { firstStartMb, restartMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes over the wire for a page and everything it loads, and its LCP under the mobile profile. */
export async function benchTransfer(portalUrl: string, paths: string[]) {
  const browser = await launchChromium();
  try {
    const results: { path: string; kib: number; lcpMs: number }[] = [];
    for (const pagePath of paths) {
      const context = await browser.newContext({ baseURL: portalUrl, viewport: { width: 412, height: 823 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      let bytes = 0;
      cdp.on("Network.loadingFinished", (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
      await page.goto(pagePath, { waitUntil: "networkidle" });
      const lcpMs = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => resolve(list.getEntries().at(-1)!.startTime)).observe({
              type: "largest-contentful-paint",
              buffered: true,
            });
          }),
      );
      results.push({ path: pagePath, kib: round(bytes / 1024), lcpMs: Math.round(lcpMs) });
      await context.close();
    }
    return results;
  } finally {
    await browser.close();
  }
}
