import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal, type PortalProcess } from "../support/portal-process";
import {
  privatePostgresUnavailable,
  scratchDatabase,
  startRestartablePostgres,
  type RestartablePostgres,
} from "../support/restartable-postgres";
import {
  fillService,
  forsorjningsstodAnswers,
  loginResident,
  orosanmalanAnswers,
  send,
  twoSmallFiles,
  WebClient,
} from "../support/web-client";

/**
 * Scaling out: two portal processes on different ports, one PostgreSQL, one file store, the same
 * secrets. A person logged in on one is logged in on the other (sessions are database rows; the
 * CSRF token is an HMAC of the same secret), a form started on one is finished on the other,
 * and two reference robots draining the same queues through different processes never get the
 * same item. The embedded test identity provider keeps its state in memory, so a login itself
 * starts and finishes on one process (a development-only limitation: a real broker is shared).
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const QUEUES = ["mottagning-vuxna", "ekonomiskt-bistand"] as const;
const REPORTS = 12;
/**
 * Half of each queue per robot (the reports about adults; the two applications): no robot can
 * drain a queue alone, so each process must serve its share however the robots' starts fall.
 */
const SHARE: Record<(typeof QUEUES)[number], number> = { "mottagning-vuxna": REPORTS / 2, "ekonomiskt-bistand": 1 };

const noPostgres = process.env.TEST_DATABASE_URL ? null : privatePostgresUnavailable();

function cli(name: string, args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(root, "build", "cli", `${name}.js`), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe.skipIf(noPostgres !== null && !process.env.CI)("two portal processes sharing one PostgreSQL", () => {
  let server: RestartablePostgres | undefined;
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let a: PortalProcess;
  let b: PortalProcess;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-scale-"));
  const out = mkdtempSync(path.join(tmpdir(), "ingang-scale-out-"));

  beforeAll(async () => {
    if (noPostgres) throw new Error(`CI must run the several-instances test, but ${noPostgres}`);
    let serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) {
      server = await startRestartablePostgres();
      serverUrl = server.url;
    }
    database = await scratchDatabase(serverUrl, `ingang_scale_${process.pid}`);
    env = {
      DATABASE_URL: database.url,
      // The secrets every process of one installation shares.
      SESSION_SECRET: randomBytes(32).toString("base64url"),
      PERSON_LOOKUP_KEY: randomBytes(32).toString("base64url"),
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      // One file store: here a shared directory; in production an S3-compatible bucket.
      DATA_DIR: dataDir,
    };
    // Started one after the other: the second finds the migrations done (they take a lock).
    a = await startPortal(env);
    b = await startPortal(env);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    await server?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it("keeps a person logged in across both, and lets a form started on one be sent from the other", async () => {
    const onA = new WebClient(a.url);
    await loginResident(onA, "anna");
    const onB = onA.withBase(b.url);
    const mine = await onB.page("/mina-sidor");
    expect(mine.status).toBe(200);
    expect(mine.html).toContain("Anna Andersson");

    // Filled on A with two files, sent from B: the draft, the files and the form token are shared.
    const review = await fillService(onA, "forsorjningsstod", forsorjningsstodAnswers(), twoSmallFiles());
    const reference = await send(onB, review);
    expect(reference).toMatch(/^EB-/);
    const receipt = await onA.page(`/forsorjningsstod/kvittens/${reference}`);
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain(reference);

    // Logging out on B ends the session on A too.
    const page = await onB.page("/mina-sidor");
    const out = await onB.postForm("/logga-ut", { csrf: page.csrf! });
    expect([302, 303]).toContain(out.status);
    const after = await onA.request("/mina-sidor");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/logga-in/);
  });

  it("lets two robots on two processes drain the same queues without any item delivered twice", async () => {
    const { stdout } = await cli(
      "robot-token",
      ["create", "--name", "Skala", ...QUEUES.flatMap((q) => ["--queue", q]), "--json"],
      env,
    );
    const { token } = JSON.parse(stdout) as { token: string };

    // Reports sent through both processes, alternately.
    const receipts = await Promise.all(
      Array.from({ length: REPORTS }, async (_, i) => {
        const client = new WebClient(i % 2 ? b.url : a.url);
        return send(client, await fillService(client, "orosanmalan", orosanmalanAnswers()));
      }),
    );
    // Plus the application from the first test, and one more with files, sent on B.
    const anna = new WebClient(b.url);
    await loginResident(anna, "anna");
    receipts.push(
      await send(anna, await fillService(anna, "forsorjningsstod", forsorjningsstodAnswers(), twoSmallFiles())),
    );

    const drains = await Promise.all(
      QUEUES.flatMap((queue) =>
        [a, b].map(async (portal, i) => {
          const dir = path.join(out, `${queue}-${i}`);
          const result = await cli(
            "reference-robot",
            ["--url", portal.url, "--queue", queue, "--out", dir, "--limit", String(SHARE[queue])],
            { ROBOT_TOKEN: token },
          );
          const lines = result.stdout
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as { reference?: string; outcome?: string; files?: number });
          return { portal, lines };
        }),
      ),
    );
    const items = drains.flatMap((drain) => drain.lines).filter((line) => line.reference);
    expect(items.filter((item) => item.outcome !== "completed")).toEqual([]);
    const references = items.map((item) => item.reference!);
    // Every item exactly once across the four robots: 12 reports and two applications.
    expect(new Set(references).size).toBe(references.length);
    expect(references.length).toBe(REPORTS + 2);
    expect(receipts.every((r) => references.includes(r))).toBe(true);
    // Files uploaded through one process were downloaded through whichever served the robot.
    const withFiles = items.filter((item) => item.reference!.startsWith("EB-"));
    expect(withFiles.map((item) => item.files)).toEqual([2, 2]);
    // Each process served its robots their share: neither did the other's work.
    for (const portal of [a, b]) {
      const served = drains.filter((drain) => drain.portal === portal).flatMap((drain) => drain.lines);
      expect(served.filter((line) => line.reference).length, `items served through ${portal.url}`).toBe(
        REPORTS / 2 + 1,
      );
    }
    expect(readdirSync(out).length).toBe(4);
  });
});
