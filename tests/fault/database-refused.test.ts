import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal, type PortalProcess } from "../support/portal-process";
import { scratchDatabase } from "../support/restartable-postgres";
import { loginResident, WebClient } from "../support/web-client";

/**
 * PostgreSQL up, but refusing connections to the portal's database (an operator's
 * `ALLOW_CONNECTIONS false` during maintenance, its sessions ended): SQLSTATE 55000 on connect.
 * Pages answer 503 in the visitor's language with Retry-After, the robot API 503 `unavailable`
 * with Retry-After, never a 500; when connections are allowed again the portal serves by itself.
 * The machine's PostgreSQL, with a database of this test's own: the shared `test` database's
 * settings are never touched.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const base = process.env.TEST_DATABASE_URL;
const QUEUE = "mottagning-vuxna";

describe.skipIf(!base && !process.env.CI)("the portal's database refusing connections", () => {
  const name = `ingang_refused_${process.pid}`;
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let admin: postgres.Sql;
  let portal: PortalProcess;
  let token: string;

  const refuse = async (refused: boolean) => {
    await admin.unsafe(`alter database ${name} allow_connections ${refused ? "false" : "true"}`);
    if (refused)
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
  };

  beforeAll(async () => {
    if (!base) throw new Error("CI must run the refused-connections test on PostgreSQL: set TEST_DATABASE_URL");
    database = await scratchDatabase(base, name);
    admin = postgres(base, { max: 1, onnotice: () => {} });
    const env = { DATABASE_URL: database.url, LOG_LEVEL: "warn" };
    const created = await run(
      process.execPath,
      [path.join(root, "build", "cli", "robot-token.js"), "create", "--name", "Fel", "--queue", QUEUE, "--json"],
      { cwd: root, env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", ...env } },
    );
    token = (JSON.parse(created.stdout) as { token: string }).token;
    portal = await startPortal(env);
  });

  afterAll(async () => {
    await portal?.stop();
    await refuse(false).catch(() => {});
    await admin?.end();
    await database?.drop();
  });

  const claim = () =>
    fetch(`${portal.url}/api/robot/v1/queues/${QUEUE}/claims`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ max: 1 }),
    });

  it("answers 503 in the visitor's language and `unavailable` to robots, then recovers by itself", async () => {
    // Someone logged in: every page they open reads their session from the database.
    const anna = new WebClient(portal.url);
    await loginResident(anna, "anna");
    expect((await anna.request("/mina-sidor")).status).toBe(200);
    expect((await claim()).status).toBe(200);

    await refuse(true);
    for (const [url, language, text] of [
      ["/orosanmalan", "en", "The service is temporarily unavailable"],
      ["/mina-sidor", "sv", "Tjänsten är tillfälligt otillgänglig"],
      ["/", "fi", ""],
    ] as const) {
      const page = await anna.request(url, { headers: { "accept-language": language } });
      const body = await page.text();
      expect([url, page.status]).toEqual([url, 503]);
      expect(page.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(body).toContain(`lang="${language}"`);
      if (text) expect(body).toContain(text);
    }
    const robot = await claim();
    expect(robot.status).toBe(503);
    expect(robot.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await robot.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    expect((await fetch(`${portal.url}/readyz`)).status).toBe(503);

    await refuse(false);
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await anna.request("/mina-sidor")).status) !== 200)
      await new Promise((r) => setTimeout(r, 250));
    expect(status).toBe(200);
    expect((await claim()).status).toBe(200);
  });
});
