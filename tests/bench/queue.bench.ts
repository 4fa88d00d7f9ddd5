/**
 * The robotic-intake queue's speed, on the embedded PGlite and on PostgreSQL:
 *
 *   - submission commit → claimable: a submission is committed (submitDraft: the submission,
 *     its pg-boss job and its robot_item row in one transaction) and a robot claims it over HTTP
 *     right after; the time from the commit returning to the claim answering with the item.
 *   - claim + complete throughput: four robots drain a queue concurrently over HTTP, each
 *     claiming one item at a time and completing it with a case number.
 *
 * Each is paired with a baseline on the same database and driver: a one-table queue (insert,
 * then `delete … for update skip locked` over a bare HTTP server) — what claiming costs with no
 * pg-boss, no lease, no audit, no decryption.
 *
 * Run: npm run bench (everything; tests/bench/run.ts) or npm run bench:queue (this part alone;
 * PostgreSQL from TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test, skipped when
 * unreachable). Prints a table and writes JSON to tests/bench/results/.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import express from "express";
import postgres from "postgres";
import { migrate, openDatabase, rowsOf, type Database } from "#db/connect";
import { LocalFileStore } from "~/attachments/file-store.server";
import { RobotClient } from "~/cli/lib/robot-client";
import type { Keyring } from "~/crypto/envelope";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import type { QueueName } from "~/intake/definition";
import { createDraft, loadDraft } from "~/intake/drafts.server";
import { submitDraft } from "~/intake/submissions.server";
import { createLogger } from "~/logger.server";
import { ensureNoticeQueue } from "~/notify/notices.server";
import { startBoss } from "~/queue/boss.server";
import { ensureIntakeQueues } from "~/queue/intake-queue.server";
import { ROBOT_API_PATH, robotApiRouter } from "~/queue/robot-api.server";
import { silentObserver } from "~/queue/robot-items.server";
import { createRobotToken } from "~/queue/robot-tokens.server";

const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 300);
const THROUGHPUT_ITEMS = Number(process.env.BENCH_THROUGHPUT_ITEMS ?? 600);
const ROBOTS = 4;
const QUEUE: QueueName = "mottagning-vuxna";

const answers = {
  vem: { reporter: "privatperson" },
  anonym: { anonymous: "ja" },
  "om-vem": { about: "vuxen" },
  vuxen: { name: "Test Testsson" },
  omrade: { areas: ["missbruk"] },
  "vuxen-kannedom": { knows: "nej", consent: "nej", childrenAtHome: "nej" },
  oro: { what: "Jag är orolig.", when: "I går", source: "sett" },
  fara: { danger: "nej" },
  heder: { honour: "nej" },
  kommunen: { ownStaff: "nej" },
  bilagor: {},
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface QueueResult {
  database: string;
  latencyMs: { samples: number; p50: number; p99: number; max: number; commitP50: number };
  throughput: { items: number; robots: number; seconds: number; itemsPerSecond: number };
  baseline: {
    latencyMs: { p50: number; p99: number };
    throughput: { itemsPerSecond: number };
  };
}
type Result = QueueResult;

/**
 * The floor: one table, one row per item, claimed over HTTP by `delete … skip locked`, through
 * the same drizzle database (and so the same driver) as the portal's queue.
 */
async function baselineQueue(database: Database, samples: number, items: number) {
  const { db } = database;
  await db.execute(
    sql`create table if not exists bench_queue (id bigserial primary key, payload jsonb not null, state text not null default 'new')`,
  );
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://bench");
      if (url.pathname === "/complete") {
        await db.execute(sql`update bench_queue set state = 'done' where id = ${Number(url.searchParams.get("id"))}`);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      const [row] = await rowsOf<{ id: number; payload: unknown }>(
        db,
        sql`update bench_queue set state = 'active'
            where id = (select id from bench_queue where state = 'new' order by id limit 1 for update skip locked)
            returning id, payload`,
      );
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ items: row ? [row] : [] }));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/claim`;
  const payload = { reference: "OA-BASE-LINE", answers: answers };
  const claim = async () =>
    ((await (await fetch(url, { method: "POST" })).json()) as { items: { id: number }[] }).items[0];
  const complete = (id: number) =>
    fetch(`${url.replace("/claim", "/complete")}?id=${id}`, { method: "POST" }).then((r) => r.arrayBuffer());
  try {
    for (let i = 0; i < 20; i++) {
      await db.execute(sql`insert into bench_queue (payload) values (${JSON.stringify(payload)}::jsonb)`);
      const item = await claim();
      if (item) await complete(item.id);
    }
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      await db.execute(sql`insert into bench_queue (payload) values (${JSON.stringify(payload)}::jsonb)`);
      const committed = performance.now();
      const item = await claim();
      if (!item) throw new Error("the baseline queue lost an item");
      latencies.push(performance.now() - committed);
      await complete(item.id);
    }
    latencies.sort((a, b) => a - b);
    for (let i = 0; i < items; i++)
      await db.execute(sql`insert into bench_queue (payload) values (${JSON.stringify(payload)}::jsonb)`);
    const started = performance.now();
    const counts = await Promise.all(
      Array.from({ length: ROBOTS }, async () => {
        let n = 0;
        // Claim, then complete, each its own request and statement, as the robots above do.
        for (let item = await claim(); item; item = await claim()) {
          await complete(item.id);
          n++;
        }
        return n;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = counts.reduce((a, b) => a + b, 0);
    if (total !== items) throw new Error(`the baseline drained ${total} of ${items}`);
    return {
      latencyMs: { p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2) },
      throughput: { itemsPerSecond: round(total / seconds) },
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await db.execute(sql`drop table if exists bench_queue`);
  }
}

export async function benchQueue(label: string, database: Database, url: string | undefined): Promise<Result> {
  const logger = createLogger("silent");
  await migrate(database, url);
  const boss = await startBoss(database, url, logger);
  const filesDir = mkdtempSync(path.join(tmpdir(), "ingang-bench-files-"));
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  try {
    const policy = { retryLimit: 2, retryDelaySeconds: 30, leaseSeconds: 300 };
    await ensureIntakeQueues(boss, policy);
    await ensureNoticeQueue(boss);
    const keyring: Keyring = { activeKeyId: "b", keys: new Map([["b", randomBytes(32)]]) };
    const personLookup = randomBytes(32);
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    app.use(
      ROBOT_API_PATH,
      robotApiRouter({
        queue: {
          db: database.db,
          boss,
          keyring,
          files: new LocalFileStore(filesDir),
          policy,
          observer: silentObserver,
          apiBase: `${base}${ROBOT_API_PATH}`,
        },
        rateLimit: { perSecond: 1e6, burst: 1e6 },
        logger,
      }),
    );
    const tokens = await Promise.all(
      Array.from({ length: ROBOTS }, (_, i) => createRobotToken(database.db, { name: `bench-${i}`, queues: [QUEUE] })),
    );
    const robots = tokens.map((t) => new RobotClient({ url: base, token: t.token }));

    const submit = async () => {
      const owner = { anonymousTokenHash: randomBytes(16).toString("hex") };
      const id = await createDraft(database.db, keyring, orosanmalan, owner, answers, 30);
      const draft = (await loadDraft(database.db, keyring, id, owner))!;
      return submitDraft(
        { db: database.db, keyring, personLookup, boss },
        {
          draft,
          definition: orosanmalan,
          journey: { loggedIn: false, today: new Date() },
          personId: null,
          protectedIdentity: false,
          language: "sv",
          channel: "e-service",
          actor: { kind: "anonymous" },
        },
      );
    };

    // Warm up: connections, prepared plans, the JIT.
    for (let i = 0; i < 20; i++) {
      await submit();
      const [item] = await robots[0]!.claim(QUEUE);
      await robots[0]!.complete(item!.id, { leaseId: item!.lease.id, caseNumber: "w", caseSystem: "bench" });
    }

    const latencies: number[] = [];
    const commits: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const started = performance.now();
      const { reference } = await submit();
      const committed = performance.now();
      const [item] = await robots[0]!.claim(QUEUE);
      const claimed = performance.now();
      if (item?.reference !== reference) throw new Error("the committed submission was not the one claimed");
      latencies.push(claimed - committed);
      commits.push(committed - started);
      await robots[0]!.complete(item.id, { leaseId: item.lease.id, caseNumber: `L-${i}`, caseSystem: "bench" });
    }
    latencies.sort((a, b) => a - b);
    commits.sort((a, b) => a - b);

    for (let i = 0; i < THROUGHPUT_ITEMS; i++) await submit();
    const drainStarted = performance.now();
    const handled = await Promise.all(
      robots.map(async (robot) => {
        let n = 0;
        for (;;) {
          const [item] = await robot.claim(QUEUE);
          if (!item) return n;
          await robot.complete(item.id, {
            leaseId: item.lease.id,
            caseNumber: `T-${item.reference}`,
            caseSystem: "bench",
          });
          n++;
        }
      }),
    );
    const seconds = (performance.now() - drainStarted) / 1000;
    const total = handled.reduce((a, b) => a + b, 0);
    if (total !== THROUGHPUT_ITEMS) throw new Error(`drained ${total} of ${THROUGHPUT_ITEMS}`);

    const baseline = await baselineQueue(database, LATENCY_SAMPLES, THROUGHPUT_ITEMS);
    return {
      database: label,
      baseline,
      latencyMs: {
        samples: LATENCY_SAMPLES,
        p50: round(percentile(latencies, 50), 2),
        p99: round(percentile(latencies, 99), 2),
        max: round(latencies.at(-1)!, 2),
        commitP50: round(percentile(commits, 50), 2),
      },
      throughput: { items: total, robots: ROBOTS, seconds: round(seconds, 2), itemsPerSecond: round(total / seconds) },
    };
  } finally {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
    await boss.stop({ graceful: false, wait: true });
    rmSync(filesDir, { recursive: true, force: true });
  }
}

async function main() {
  const results: Result[] = [];

  // On disk, as the portal runs it by default.
  const pgliteDir = mkdtempSync(path.join(tmpdir(), "ingang-bench-pglite-"));
  const pglite = await openDatabase({ kind: "pglite", dir: pgliteDir });
  try {
    results.push(await benchQueue("PGlite (embedded, on disk)", pglite, undefined));
  } finally {
    await pglite.close();
    rmSync(pgliteDir, { recursive: true, force: true });
  }

  const baseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  const name = `ingang_bench_${process.pid}`;
  let reachable = true;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    reachable = false;
    console.error(`PostgreSQL skipped (${(error as Error).message})`);
  }
  if (reachable) {
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    const database = await openDatabase({ kind: "postgres", url: u.toString() });
    try {
      results.push(await benchQueue("PostgreSQL", database, u.toString()));
    } finally {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    }
  }
  await admin.end();

  console.log(
    `\nRobotic-intake queue (${LATENCY_SAMPLES} latency samples; ${THROUGHPUT_ITEMS} items, ${ROBOTS} robots over HTTP)\n`,
  );
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.database,
        {
          "commit→claimed p50 (ms)": r.latencyMs.p50,
          "commit→claimed p99 (ms)": r.latencyMs.p99,
          "commit p50 (ms)": r.latencyMs.commitP50,
          "claim+complete (items/s)": r.throughput.itemsPerSecond,
          "baseline commit→claimed p50 (ms)": r.baseline.latencyMs.p50,
          "baseline claim+complete (items/s)": r.baseline.throughput.itemsPerSecond,
        },
      ]),
    ),
  );
  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `queue-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        benchmark: "queue",
        at: new Date().toISOString(),
        node: process.version,
        cpus: (await import("node:os")).cpus().length,
        results,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

// Run on its own (npm run bench:queue); tests/bench/run.ts imports benchQueue instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
