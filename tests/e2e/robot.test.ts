import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, newContext, WIDTHS } from "../support/browser";
import { fileReport } from "../support/http-person";
import { startPortal, type PortalProcess } from "../support/portal-process";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdefghij";

/** A built CLI, run the way an operator runs it: node build/cli/<name>.js with the portal's environment. */
function cli(name: string, args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(root, "build", "cli", `${name}.js`), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("a robot draining the built portal with the reference robot", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-e2e-robot-"));
  const out = mkdtempSync(path.join(tmpdir(), "ingang-e2e-robot-out-"));
  const env = { DATA_DIR: dataDir, METRICS_TOKEN };
  let portal: PortalProcess;
  let token: string;

  beforeAll(async () => {
    // The embedded database has one user at a time: the token is made before the portal starts.
    const created = await cli(
      "robot-token",
      ["create", "--name", "Referensroboten", "--queue", "mottagning-vuxna", "--json"],
      env,
    );
    token = (JSON.parse(created.stdout) as { token: string }).token;
    portal = await startPortal(env);
  });
  afterAll(async () => {
    await portal?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it("gets each report, acute first, into a folder and back with a case number", async () => {
    const first = await fileReport(portal.url);
    const second = await fileReport(portal.url);
    const acute = await fileReport(portal.url, { acute: true });

    const drained = await cli(
      "reference-robot",
      [
        "--url",
        portal.url,
        "--queue",
        "mottagning-vuxna",
        "--out",
        out,
        "--business-exception",
        second,
        "--case-prefix",
        "E2E",
      ],
      { ROBOT_TOKEN: token },
    );
    const lines = drained.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, 3).map((l) => [l.reference, l.outcome])).toEqual([
      [acute, "completed"],
      [first, "completed"],
      [second, "failed_business"],
    ]);
    expect(lines.at(-1)).toEqual({ summary: { handled: 3, completed: 2, postponed: 0, failed: 1, errors: 0 } });
    expect(readdirSync(out).sort()).toEqual([first, second, acute].sort());
    const item = JSON.parse(readFileSync(path.join(out, acute, "item.json"), "utf8"));
    expect(item).toMatchObject({ reference: acute, serviceId: "orosanmalan", priority: 100, sender: null });
    expect(item.answers.fara.danger).toBe("ja");

    // Drained: a second run finds nothing.
    const again = await cli(
      "reference-robot",
      ["--url", portal.url, "--queue", "mottagning-vuxna", "--out", out, "--quiet"],
      {
        ROBOT_TOKEN: token,
      },
    );
    expect(JSON.parse(again.stdout)).toEqual({
      summary: { handled: 0, completed: 0, postponed: 0, failed: 0, errors: 0 },
    });

    // The token reaches only its own queue.
    const outside = await cli("reference-robot", ["--url", portal.url, "--queue", "skyddad", "--out", out], {
      ROBOT_TOKEN: token,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(outside).toMatchObject({ code: 1 });
    expect((outside as { stderr: string }).stderr).toContain("queue_out_of_scope");

    const metrics = await fetch(`${portal.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await metrics.text();
    expect(text).toContain('ingang_robot_queue_depth{queue="mottagning-vuxna"} 0');
    expect(text).toContain('ingang_robot_completions_total{queue="mottagning-vuxna"} 2');
    expect(text).toContain('ingang_robot_failures_total{queue="mottagning-vuxna",kind="business"} 1');
    expect((await fetch(`${portal.url}/metrics`)).status).toBe(401);
  });

  it("serves the OpenAPI document and the readable page", async () => {
    const doc = await fetch(`${portal.url}/api/robot/v1/openapi.json`);
    expect(doc.status).toBe(200);
    const parsed = (await doc.json()) as { openapi: string; servers: { url: string }[] };
    expect(parsed.openapi).toBe("3.1.0");
    expect(parsed.servers[0]!.url).toBe(`${portal.url}/api/robot/v1`);
    for (const lng of ["sv", "en"]) {
      const page = await fetch(`${portal.url}/api/robot/v1?lng=${lng}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(
        lng === "sv" ? "Robot-API:t för verksamhetssystemen" : "The robot API for the case management systems",
      );
      expect(html).toContain("/api/robot/v1/openapi.json");
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:\/\//);
    }
  });

  it("has a page with no WCAG 2.1 A/AA violation, in Swedish and English, wide and narrow", async () => {
    const browser = await launchChromium();
    try {
      for (const width of Object.values(WIDTHS)) {
        const context = await newContext(browser, { width, baseURL: portal.url });
        const page = await context.newPage();
        for (const lng of ["sv", "en"]) {
          expect((await page.goto(`/api/robot/v1?lng=${lng}`))?.status()).toBe(200);
          expect(await axeViolations(page), `${lng} at ${width}px`).toEqual([]);
        }
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
