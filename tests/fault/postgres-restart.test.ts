import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RobotApiCallError, RobotClient } from "~/cli/lib/robot-client";
import { startPortal, type PortalProcess } from "../support/portal-process";
import {
  privatePostgresUnavailable,
  scratchDatabase,
  startRestartablePostgres,
  type RestartablePostgres,
} from "../support/restartable-postgres";
import {
  fillService,
  loginResident,
  orosanmalanAnswers,
  send,
  UnexpectedAnswer,
  WebClient,
} from "../support/web-client";

/**
 * PostgreSQL goes away in the middle of a burst of reports and robot claims, and comes back.
 * While it is away every page answers 503 with the translated "try again" page and the robot API
 * 503 with { error: { code: "unavailable" } }; never a 500. Nothing is half-written: every
 * submission has its queue item and its events, every receipt its submission. When the server
 * is back the portal serves again by itself (no restart), and the people who were sending get
 * their receipt by pressing Send again.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const UNAVAILABLE_SV = "Tjänsten är tillfälligt otillgänglig";
const QUEUE = "mottagning-vuxna";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const unavailableHere = privatePostgresUnavailable();

interface Observed {
  receipts: string[];
  /** 503 pages seen, and how many of them lacked the translated text. */
  unavailable: number;
  untranslated: number;
  /** What an untranslated 503 looked like, for the failure message. */
  samples: string[];
  /** Anything else a person saw: a 5xx other than 503, or a status the flow never expects. */
  other: string[];
  robotUnavailable: number;
  robotOther: string[];
  completed: string[];
}

async function person(base: string, seen: Observed, alive: () => boolean) {
  while (alive()) {
    const client = new WebClient(base);
    let review: string | null = null;
    try {
      review = await fillService(client, "orosanmalan", orosanmalanAnswers());
      // Pressing Send again after "try again" until it goes through (bounded): the draft is the
      // idempotency key, so a send that did commit leads to the same receipt.
      for (let attempt = 0; ; attempt++) {
        try {
          seen.receipts.push(await send(client, review));
          break;
        } catch (error) {
          if (!(error instanceof UnexpectedAnswer) || error.status !== 503 || attempt > 120) throw error;
          seen.unavailable++;
          if (!error.body.includes(UNAVAILABLE_SV)) {
            seen.untranslated++;
            seen.samples.push(`${error.path}: ${error.body.slice(0, 300)}`);
          }
          await sleep(500);
        }
      }
    } catch (error) {
      if (error instanceof UnexpectedAnswer && error.status === 503) {
        seen.unavailable++;
        if (!error.body.includes(UNAVAILABLE_SV)) {
          seen.untranslated++;
          seen.samples.push(`${error.path}: ${error.body.slice(0, 300)}`);
        }
      } else if (error instanceof UnexpectedAnswer) {
        seen.other.push(`${error.status} ${error.path}`);
      } else seen.other.push(String(error));
      await sleep(300);
    }
  }
}

async function robotLoop(robot: RobotClient, seen: Observed, alive: () => boolean) {
  while (alive()) {
    try {
      const [item] = await robot.claim(QUEUE);
      if (!item) {
        await sleep(100);
        continue;
      }
      await robot.complete(item.id, { leaseId: item.lease.id, caseNumber: `K-${item.reference}`, caseSystem: "fel" });
      seen.completed.push(item.reference);
    } catch (error) {
      if (error instanceof RobotApiCallError && error.status === 503 && error.code === "unavailable")
        seen.robotUnavailable++;
      else if (error instanceof RobotApiCallError && error.status < 500) {
        // A completion whose claim's answer was lost, or a lease that ran out: refused, not lost.
      } else seen.robotOther.push(String(error));
      await sleep(200);
    }
  }
}

describe.skipIf(unavailableHere !== null && !process.env.CI)("PostgreSQL restarted during a burst", () => {
  let server: RestartablePostgres;
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let portal: PortalProcess;
  let token: string;

  beforeAll(async () => {
    if (unavailableHere) throw new Error(`CI must run the PostgreSQL fault test, but ${unavailableHere}`);
    server = await startRestartablePostgres();
    database = await scratchDatabase(server.url, `ingang_fault_restart_${process.pid}`);
    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      // Short leases and retries, so an item whose claim answer was lost comes back within the test.
      QUEUE_LEASE_SECONDS: "10",
      QUEUE_RETRY_DELAY_SECONDS: "1",
      LOG_LEVEL: "warn",
    };
    const created = await run(
      process.execPath,
      [path.join(root, "build", "cli", "robot-token.js"), "create", "--name", "Fel", "--queue", QUEUE, "--json"],
      { cwd: root, env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", ...env } },
    );
    token = (JSON.parse(created.stdout) as { token: string }).token;
    portal = await startPortal(env);
    portal.child.once("exit", (code, signal) => {
      if (code !== 0) console.error(`the portal exited (${code ?? signal}):\n${portal.output().slice(-4000)}`);
    });
  });

  afterAll(async () => {
    await portal?.stop();
    await database?.drop().catch(() => {});
    await server?.dispose();
  });

  it("answers 503 while it is away, writes nothing by halves, and recovers by itself", async () => {
    const seen: Observed = {
      receipts: [],
      unavailable: 0,
      untranslated: 0,
      samples: [],
      other: [],
      robotUnavailable: 0,
      robotOther: [],
      completed: [],
    };
    // Someone logged in before, and someone half-way through a report.
    const anna = new WebClient(portal.url);
    await loginResident(anna, "anna");
    const halfway = new WebClient(portal.url);
    const review = await fillService(halfway, "orosanmalan", orosanmalanAnswers());

    let alive = true;
    const robots = [new RobotClient({ url: portal.url, token }), new RobotClient({ url: portal.url, token })];
    const loops = [
      ...Array.from({ length: 4 }, () => person(portal.url, seen, () => alive)),
      ...robots.map((r) => robotLoop(r, seen, () => alive)),
    ];
    const deadline = Date.now() + 60_000;
    while (seen.receipts.length < 4 && Date.now() < deadline) await sleep(50);
    expect(seen.receipts.length).toBeGreaterThanOrEqual(4);

    await server.stop();
    try {
      // Every kind of request, while the database is away.
      const step = await halfway.page(review);
      expect(step.status).toBe(503);
      expect(step.html).toContain(UNAVAILABLE_SV);
      expect(step.response.headers.get("retry-after")).toBe("5");
      const sending = await halfway.postForm(review, { csrf: step.csrf ?? "", declaration: "ja" });
      expect(sending.status).toBe(503);
      expect(await sending.text()).toContain(UNAVAILABLE_SV);
      // A logged-in person: the session is looked up before any page (outside Remix).
      const english = await anna.page("/mina-sidor?lng=en");
      expect(english.status).toBe(503);
      expect(english.html).toContain("The service is temporarily unavailable");
      const claim = await fetch(`${portal.url}/api/robot/v1/queues/${QUEUE}/claims`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(claim.status).toBe(503);
      expect(((await claim.json()) as { error: { code: string } }).error.code).toBe("unavailable");
      expect((await fetch(`${portal.url}/readyz`)).status).toBe(503);
      await sleep(3_000);
    } finally {
      await server.start();
    }
    await server.ready();

    // Back by itself: ready again, and the half-way report goes through on a second press.
    const recovered = Date.now() + 30_000;
    while ((await fetch(`${portal.url}/readyz`)).status !== 200 && Date.now() < recovered) await sleep(200);
    expect((await fetch(`${portal.url}/readyz`)).status).toBe(200);
    const halfwayReceipt = await send(halfway, review);
    expect((await anna.page("/mina-sidor")).status).toBe(200);
    const afterwards = Date.now() + 4_000;
    while (Date.now() < afterwards) await sleep(100);
    alive = false;
    await Promise.all(loops);
    seen.receipts.push(halfwayReceipt);

    expect(portal.child.exitCode).toBeNull();
    expect(seen.other).toEqual([]);
    expect(seen.robotOther).toEqual([]);
    expect(seen.untranslated, seen.samples.slice(0, 3).join("\n")).toBe(0);
    expect(seen.unavailable).toBeGreaterThan(0);
    expect(seen.robotUnavailable).toBeGreaterThan(0);

    // Drain what is left: items whose claim answered 503 after committing come back when their
    // lease runs out; the robot finishes each exactly once.
    const drainer = robots[0]!;
    const drainUntil = Date.now() + 90_000;
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      for (;;) {
        const [open] = await sql<{ n: number }[]>`
          select count(*)::int as n from robot_item where state <> 'successful'`;
        if (open!.n === 0 || Date.now() > drainUntil) break;
        const [item] = await drainer.claim(QUEUE);
        if (!item) {
          await sleep(500);
          continue;
        }
        await drainer.complete(item.id, {
          leaseId: item.lease.id,
          caseNumber: `K-${item.reference}`,
          caseSystem: "fel",
        });
        seen.completed.push(item.reference);
      }

      // Nothing half-written: each submission has exactly one queue item and pg-boss job, its
      // "received" event, and its item was completed once; each receipt is a submission.
      const submissions = await sql<{ reference: string; items: number; jobs: number; received: number }[]>`
        select s.reference,
               (select count(*)::int from robot_item r where r.submission_id = s.id) as items,
               (select count(*)::int from pgboss.job j join robot_item r on r.id = j.id
                 where r.submission_id = s.id and j.name = ${"intake." + QUEUE}) as jobs,
               (select count(*)::int from submission_event e where e.submission_id = s.id and e.kind = 'received') as received
        from submission s`;
      const references = submissions.map((s) => s.reference).sort();
      expect(new Set(seen.receipts).size).toBe(seen.receipts.length);
      expect([...seen.receipts].sort()).toEqual(references);
      expect(submissions.filter((s) => s.items !== 1 || s.jobs !== 1 || s.received !== 1)).toEqual([]);
      const [states] = await sql<{ open: number }[]>`
        select count(*)::int as open from robot_item where state <> 'successful'`;
      expect(states!.open).toBe(0);
      // Never completed twice (a claim whose answer was lost comes back to a robot once its
      // lease runs out, as the design says: the receipt number is the case system's key).
      expect(new Set(seen.completed).size).toBe(seen.completed.length);
      expect(seen.completed.every((r) => references.includes(r))).toBe(true);
      // No draft is left behind by a send that did go through.
      const [drafts] = await sql<{ n: number }[]>`
        select count(*)::int as n from draft d where exists (select 1 from submission s where s.draft_id = d.id)`;
      expect(drafts!.n).toBe(0);
    } finally {
      await sql.end();
    }
  });
});
