import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newContext } from "../support/browser";
import { apply } from "../support/forsorjningsstod-flow";
import { loginAs } from "../support/login";
import { startPortal, type PortalProcess } from "../support/portal-process";
import { pdf } from "../support/sample-files";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
/** A 2026 table for this test only: the official 2026 item amounts are not shipped (see riksnorm-tables.ts). */
const RIKSNORM_FIXTURE = path.join(root, "tests", "support", "riksnorm-2026-fixture.json");

function cli(name: string, args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(root, "build", "cli", `${name}.js`), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("försörjningsstöd through the robot", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-e2e-fs-robot-"));
  const out = mkdtempSync(path.join(tmpdir(), "ingang-e2e-fs-robot-out-"));
  const env = { DATA_DIR: dataDir, RIKSNORM_FILE: RIKSNORM_FIXTURE };
  let portal: PortalProcess;
  let token: string;
  let browser: Browser;

  beforeAll(async () => {
    const created = await cli(
      "robot-token",
      ["create", "--name", "EB-roboten", "--queue", "ekonomiskt-bistand", "--json"],
      env,
    );
    token = (JSON.parse(created.stdout) as { token: string }).token;
    portal = await startPortal(env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  const drain = async () => {
    const result = await cli(
      "reference-robot",
      ["--url", portal.url, "--queue", "ekonomiskt-bistand", "--out", out, "--case-prefix", "EB"],
      {
        ROBOT_TOKEN: token,
      },
    );
    return result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  const robot = (path: string, body: unknown) =>
    fetch(`${portal.url}/api/robot/v1${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("delivers the application with its preliminary calculation, and a supplement the robot asked for", async () => {
    const anna = await (await newContext(browser, { baseURL: portal.url })).newPage();
    await loginAs(anna, "anna", { returnTo: "/forsorjningsstod" });
    const { reference } = await apply(anna, true);
    const bengt = await (await newContext(browser, { baseURL: portal.url })).newPage();
    await loginAs(bengt, "bengt", { returnTo: `/bekrafta/${reference}` });
    await bengt.click('form:has(input[value="confirm"]) button');
    await bengt.waitForURL((url) => url.searchParams.get("svar") === "confirmed");

    const first = await drain();
    expect(first[0]).toMatchObject({ reference, outcome: "completed" });
    const item = JSON.parse(readFileSync(path.join(out, reference, "item.json"), "utf8"));
    expect(item.serviceId).toBe("forsorjningsstod");
    expect(item.coParties).toHaveLength(1);
    // The item's history says what the co-applicant was asked and answered.
    const history = await fetch(`${portal.url}/api/robot/v1/items/${item.id}/events`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const kinds = ((await history.json()) as { events: { kind: string }[] }).events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["co_party_invited", "co_party_confirmed"]));
    expect(item.computed).toMatchObject({
      kind: "provberakning",
      result: { ok: true, nature: "preliminary_estimate" },
    });
    expect(item.attachments.map((a: { filename: string }) => a.filename)).toContain("hyreskontrakt.pdf");

    // The caseworker needs the bank statement the application said would come later.
    const asked = await robot(`/items/${item.id}/messages`, {
      idempotencyKey: `supplement-${reference}`,
      kind: "supplement_request",
      body: "Skicka kontoutdrag för de senaste tre månaderna.",
    });
    expect(asked.status).toBe(201);

    await anna.goto(`/mina-sidor/arenden/${reference}`);
    expect(await anna.textContent("main")).toContain("Skicka kontoutdrag");
    expect(await anna.textContent("main")).toContain(`EB`);
    await anna.fill("#f-message", "Här är kontoutdraget.");
    await anna.setInputFiles("#f-files", { name: "kontoutdrag.pdf", mimeType: "application/pdf", buffer: pdf() });
    await Promise.all([
      anna.waitForURL(/#meddelanden$/),
      anna.click('main form[enctype="multipart/form-data"] button[type="submit"]'),
    ]);
    expect(await anna.textContent("main")).toContain("Här är kontoutdraget.");

    const second = await drain();
    expect(second[0]).toMatchObject({ reference, outcome: "completed" });
    const supplement = JSON.parse(readFileSync(path.join(out, reference, "item.json"), "utf8"));
    expect(supplement).toMatchObject({ kind: "supplement", message: { body: "Här är kontoutdraget." } });
    expect(supplement.attachments.map((a: { filename: string }) => a.filename)).toContain("kontoutdrag.pdf");
  });
});
