/**
 * The portal's figures, each beside a baseline measured in the same run on the same machine,
 * on the embedded PGlite and on PostgreSQL:
 *
 *   a. a form page (a försörjningsstöd step, logged in as Anna) rendered by the built portal,
 *      against a bare Node http server answering the same bytes;
 *   b. complete submissions per second through the service functions the review page calls
 *      (answers sealed, two small files checked, encrypted and stored, the submission, its
 *      events, audit rows, queue item and notice in one transaction), against the same rows
 *      inserted directly through the same database driver;
 *   c. a 20 MB (and a 1 MB) upload to the documents step of the running portal, against a bare
 *      Node server streaming the same body to disk, with the portal's peak memory during it;
 *   d. the robot queue: commit → claimable latency and claim + complete throughput with four
 *      robots (tests/bench/queue.bench.ts), against a one-table SKIP LOCKED queue.
 *
 * Run: npm run build && npm run bench. PostgreSQL from TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/test (a scratch database per part; skipped when
 * unreachable). BENCH_SECONDS (default 10) sets each page-load run's length. Prints a table and
 * writes tests/bench/results/bench-<time>.json, with the machine's load beside the figures.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { migrate, openDatabase, rowsOf, type Database, type Executor } from "#db/connect";
import { attachment } from "#db/schema";
import { LocalFileStore } from "~/attachments/file-store.server";
import { storeFile } from "~/attachments/store-file.server";
import { upsertPerson } from "~/auth/people.server";
import { seal, type Keyring } from "~/crypto/envelope";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { createDraft, loadDraft, saveDraftAnswers } from "~/intake/drafts.server";
import { submitDraft } from "~/intake/submissions.server";
import { createLogger } from "~/logger.server";
import { ensureNoticeQueue } from "~/notify/notices.server";
import { startBoss } from "~/queue/boss.server";
import { ensureIntakeQueues } from "~/queue/intake-queue.server";
import { findClamAV, startClamd, type RunningClamd } from "../support/clamd-process";
import { fill, journeyFor, type Filled } from "../support/forsorjningsstod-answers";
import { startPortal, type PortalProcess } from "../support/portal-process";
import { pdf, PNG } from "../support/sample-files";
import { fillService, forsorjningsstodAnswers, loginResident, WebClient } from "../support/web-client";
import { benchMemory, benchPgliteStarts, benchStartPage, benchTransfer } from "./footprint.bench";
import { bareServer, closeServer, load } from "./http-load";
import { benchQueue, type QueueResult } from "./queue.bench";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const SUBMITTERS = 4;
const UPLOAD_REPEATS = 3;
const ANNA = "198503129820";

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

// ---- (a) page rendering -----------------------------------------------------------------------

async function benchPage(portal: PortalProcess) {
  const anna = new WebClient(portal.url);
  await loginResident(anna, "anna");
  // The household step of a fresh application: the first steps' answers saved, the household shown.
  const entry = await anna.page("/forsorjningsstod");
  const started = await anna.postForm("/forsorjningsstod/starta", { csrf: entry.csrf! });
  const first = started.headers.get("location")!;
  const month = await anna.page(first);
  const next = await anna.postForm(first, {
    csrf: month.csrf!,
    month: new Date().toISOString().slice(0, 7),
    intent: "continue",
  });
  // Not a first application: the household step follows.
  const firstStep = next.headers.get("location")!;
  const first2 = await anna.page(firstStep);
  const after = await anna.postForm(firstStep, { csrf: first2.csrf!, first: "nej", intent: "continue" });
  const step = after.headers.get("location")!;
  const page = await anna.request(step);
  const bytes = Buffer.from(await page.arrayBuffer());
  if (page.status !== 200 || !bytes.includes("hushall")) throw new Error(`the step did not render (${page.status})`);

  const headers = { cookie: anna.cookieHeader(), "accept-language": "sv" };
  await load(`${portal.url}${step}`, headers, 2); // warm-up
  const portalResult = await load(`${portal.url}${step}`, headers, SECONDS);

  const bare = await bareServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": bytes.length });
    res.end(bytes);
  });
  try {
    await load(`${bare.url}${step}`, headers, 2);
    const baseline = await load(`${bare.url}${step}`, headers, SECONDS);
    return { path: step.replace(/[0-9a-f-]{36}/, "{draft}"), bytes: bytes.length, portal: portalResult, baseline };
  } finally {
    await closeServer(bare.server);
  }
}

// ---- (c) uploads ------------------------------------------------------------------------------

/** Resident set size of a process now, in bytes (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

function multipart(csrf: string, size: number): { body: Buffer; type: string } {
  const boundary = `----ingangbench${randomBytes(8).toString("hex")}`;
  const filler = Buffer.alloc(Math.max(0, size - pdf().length - 64), 0x20);
  const file = pdf({ dictionary: "", data: filler });
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file-hyreskontrakt"; filename="hyreskontrakt.pdf"\r\n` +
        `Content-Type: application/pdf\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a body in 64 KiB chunks, as a browser's socket would; returns status and seconds. */
function postBody(url: string, body: Buffer, headers: Record<string, string>) {
  const target = new URL(url);
  return new Promise<{ status: number; seconds: number }>((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { ...headers, "content-length": String(body.length) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, seconds: (performance.now() - started) / 1000 }));
      },
    );
    req.on("error", reject);
    Readable.from(
      (function* () {
        for (let i = 0; i < body.length; i += 65_536) yield body.subarray(i, i + 65_536);
      })(),
    ).pipe(req);
  });
}

async function benchUpload(portal: PortalProcess, megabytes: number) {
  const size = megabytes * 1_000_000;
  const portalRuns: { seconds: number; peakRss: number; rssBefore: number }[] = [];
  for (let i = 0; i < UPLOAD_REPEATS; i++) {
    // A fresh application each time: the documents step of a draft with no files yet.
    const anna = new WebClient(portal.url);
    await loginResident(anna, "anna");
    const documents = await fillService(anna, "forsorjningsstod", forsorjningsstodAnswers(), [], {
      stopAt: "dokument",
    });
    const page = await anna.page(documents);
    const { body, type } = multipart(page.csrf!, size);
    const pid = portal.child.pid!;
    const rssBefore = rssOf(pid);
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid))), 5);
    const result = await postBody(`${portal.url}${documents}`, body, {
      cookie: anna.cookieHeader(),
      "content-type": type,
    });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, rssOf(pid));
    if (result.status !== 303) throw new Error(`the portal refused the ${megabytes} MB upload (${result.status})`);
    portalRuns.push({ seconds: result.seconds, peakRss, rssBefore });
    // Starting the service again would continue this draft (files and all): delete it first.
    const mine = await anna.page("/mina-sidor");
    await anna.postForm(`/mina-sidor/utkast/${documents.split("/")[3]}/ta-bort`, { csrf: mine.csrf! });
  }

  const dir = mkdtempSync(path.join(tmpdir(), "ingang-bench-upload-"));
  const bare = await bareServer((req, res) => {
    const out = createWriteStream(path.join(dir, randomUUID()));
    req.pipe(out);
    out.on("finish", () => res.writeHead(303, { location: "/" }).end());
  });
  const baselineRuns: number[] = [];
  try {
    const { body, type } = multipart("x", size);
    for (let i = 0; i < UPLOAD_REPEATS; i++)
      baselineRuns.push((await postBody(`${bare.url}/upload`, body, { "content-type": type })).seconds);
  } finally {
    await closeServer(bare.server);
    rmSync(dir, { recursive: true, force: true });
  }
  const mb = size / 1_000_000;
  const portalSeconds = median(portalRuns.map((r) => r.seconds));
  const baselineSeconds = median(baselineRuns);
  const peak = Math.max(...portalRuns.map((r) => r.peakRss));
  const growth = Math.max(...portalRuns.map((r) => r.peakRss - r.rssBefore));
  return {
    megabytes: mb,
    portal: { seconds: round(portalSeconds, 3), mbPerSecond: round(mb / portalSeconds) },
    baseline: { seconds: round(baselineSeconds, 3), mbPerSecond: round(mb / baselineSeconds) },
    portalPeakRssMb: round(peak / 1024 / 1024),
    portalRssGrowthMb: round(growth / 1024 / 1024),
  };
}

// ---- (b) submissions --------------------------------------------------------------------------

const keyring: Keyring = { activeKeyId: "b", keys: new Map([["b", randomBytes(32)]]) };
const personLookup = randomBytes(32);

/** The rows one submission leaves, read back to be inserted again by the baseline. */
interface Rows {
  table: string;
  rows: Record<string, unknown>[];
}

async function benchSubmissions(database: Database, url: string | undefined) {
  await migrate(database, url);
  const logger = createLogger("silent");
  const boss = await startBoss(database, url, logger);
  const filesDir = mkdtempSync(path.join(tmpdir(), "ingang-bench-files-"));
  const store = new LocalFileStore(filesDir);
  try {
    await ensureIntakeQueues(boss, { retryLimit: 2, retryDelaySeconds: 30, leaseSeconds: 300 });
    await ensureNoticeQueue(boss);
    const { db } = database;
    const personId = await upsertPerson(
      db,
      { keyring, personLookup },
      { pnr: ANNA, name: "Anna Andersson", protectedIdentity: false },
    );
    const today = new Date();
    const journey = journeyFor(today);
    const files = [
      { rule: "hyreskontrakt", name: "hyreskontrakt.pdf", bytes: pdf() },
      { rule: "kontoutdrag", name: "kontoutdrag.png", bytes: PNG },
    ];

    /** One application as the review page sends it, after its two files went through the documents step. */
    const submitOne = async () => {
      const draftId = await createDraft(db, keyring, forsorjningsstod, { personId }, {}, 30);
      const ids: string[] = [];
      for (const file of files) {
        const id = randomUUID();
        const stored = await storeFile(Readable.from([file.bytes]), {
          keyring,
          store,
          scanner: null,
          maxBytes: 20 * 1024 * 1024,
          context: `attachment:${id}`,
          key: id.replace(/-/g, ""),
        });
        if (!stored.ok) throw new Error(`a benchmark file was refused: ${stored.reason}`);
        await db.insert(attachment).values({
          id,
          personId,
          draftId,
          ruleId: file.rule,
          filenameSealed: seal(keyring, file.name, `attachment.filename:${id}`),
          contentType: stored.contentType,
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: id.replace(/-/g, ""),
          keyId: stored.keyId,
          wrappedKey: stored.wrappedKey,
          noncePrefix: stored.noncePrefix,
        });
        ids.push(id);
      }
      const filled: Filled = {
        ...(forsorjningsstodAnswers(today) as Filled),
        dokument: {
          hyreskontrakt: { files: [ids[0]!] },
          kontoutdrag: { files: [ids[1]!] },
          hyresavi: { later: true },
          utbetalningsbesked: { later: true },
          arbetsformedlingen: { later: true },
        },
      };
      const answers = await fill(filled, journey);
      await saveDraftAnswers(db, keyring, draftId, answers, 30);
      const draft = (await loadDraft(db, keyring, draftId, { personId }))!;
      return submitDraft(
        { db, keyring, personLookup, boss },
        {
          draft,
          definition: forsorjningsstod,
          journey,
          personId,
          protectedIdentity: false,
          language: "sv",
          channel: "e-service",
          actor: { kind: "person", id: personId },
        },
      );
    };

    for (let i = 0; i < 10; i++) {
      const sent = await submitOne();
      if (sent.status !== "received") throw new Error(`the benchmark application was not received (${sent.status})`);
    }
    const started = performance.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        while (done < SUBMISSIONS) {
          done++;
          await submitOne();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // The rows the last submission left: captured, then inserted again and again as the baseline.
    const [last] = await rowsOf<{ id: string }>(db, sql`select id from submission order by created_at desc limit 1`);
    const captured = await captureRows(db, last!.id);
    const baselineStarted = performance.now();
    let inserted = 0;
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async () => {
        while (inserted < SUBMISSIONS) {
          inserted++;
          await db.transaction(async (tx) => insertCopies(tx as unknown as Executor, captured));
        }
      }),
    );
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    return {
      submissions: SUBMISSIONS,
      concurrency: SUBMITTERS,
      rowsPerSubmission: captured.reduce((n, t) => n + t.rows.length, 0),
      portal: { seconds: round(seconds, 2), perSecond: round(SUBMISSIONS / seconds) },
      baseline: { seconds: round(baselineSeconds, 2), perSecond: round(SUBMISSIONS / baselineSeconds) },
    };
  } finally {
    await boss.stop({ graceful: false, wait: true });
    rmSync(filesDir, { recursive: true, force: true });
  }
}

async function captureRows(db: Executor, submissionId: string): Promise<Rows[]> {
  const of = (table: string, where: ReturnType<typeof sql>) =>
    rowsOf<Record<string, unknown>>(db, sql`select * from ${sql.raw(table)} where ${where}`).then((rows) => ({
      table,
      rows,
    }));
  const items = await rowsOf<{ id: string }>(db, sql`select id from robot_item where submission_id = ${submissionId}`);
  return [
    await of("submission", sql`id = ${submissionId}`),
    await of("attachment", sql`submission_id = ${submissionId}`),
    await of("submission_event", sql`submission_id = ${submissionId}`),
    await of("audit_event", sql`subject_id = ${submissionId} and action = 'submission_created'`),
    await of("pgboss.job", sql`id = ${items[0]!.id} or (name = 'notice' and data->>'submissionId' = ${submissionId})`),
    await of("robot_item", sql`submission_id = ${submissionId}`),
  ];
}

/** The captured rows again, with new keys where a key must be unique, through the same driver. */
async function insertCopies(tx: Executor, captured: Rows[]) {
  const submissionId = randomUUID();
  const jobIds = new Map<string, string>();
  const fresh: Record<string, (row: Record<string, unknown>) => Record<string, unknown>> = {
    submission: (r) => ({
      ...r,
      id: submissionId,
      reference: `EB-${randomBytes(6).toString("hex").toUpperCase()}`,
      draft_id: randomUUID(),
    }),
    attachment: (r) => ({
      ...r,
      id: randomUUID(),
      submission_id: submissionId,
      storage_key: randomUUID().replace(/-/g, ""),
    }),
    submission_event: ({ id: _id, ...r }) => ({ ...r, submission_id: submissionId, idempotency_key: null }),
    audit_event: ({ id: _id, ...r }) => ({ ...r, subject_id: submissionId }),
    "pgboss.job": (r) => {
      const id = randomUUID();
      jobIds.set(String(r.id), id);
      return { ...r, id, singleton_key: null };
    },
    robot_item: (r) => ({ ...r, id: jobIds.get(String(r.id)) ?? randomUUID(), submission_id: submissionId }),
  };
  for (const { table, rows } of captured) {
    for (const row of rows) {
      const entries = Object.entries(fresh[table]!(row)).filter(([, v]) => v !== undefined);
      const columns = sql.join(
        entries.map(([k]) => sql.identifier(k)),
        sql`, `,
      );
      // One parameter per column: a list (flags) stays one array value, an object is JSON.
      const values = sql.join(
        entries.map(
          ([, v]) =>
            sql`${sql.param(
              v !== null && typeof v === "object" && !(v instanceof Date) && !Buffer.isBuffer(v) && !Array.isArray(v)
                ? JSON.stringify(v)
                : v,
            )}`,
        ),
        sql`, `,
      );
      await tx.execute(sql`insert into ${sql.raw(table)} (${columns}) values (${values})`);
    }
  }
}

// ---- running it all ---------------------------------------------------------------------------

interface DatabaseResult {
  database: string;
  startPage: Awaited<ReturnType<typeof benchStartPage>>;
  page: Awaited<ReturnType<typeof benchPage>>;
  memory: Awaited<ReturnType<typeof benchMemory>>;
  starts?: Awaited<ReturnType<typeof benchPgliteStarts>>;
  transfer?: Awaited<ReturnType<typeof benchTransfer>>;
  /** Left out with BENCH_FOOTPRINT_ONLY=1 (pages, memory and bytes alone). */
  submissions?: Awaited<ReturnType<typeof benchSubmissions>>;
  uploads?: Awaited<ReturnType<typeof benchUpload>>[];
  queue?: QueueResult;
}

const FOOTPRINT_ONLY = process.env.BENCH_FOOTPRINT_ONLY === "1";

async function scratch(baseUrl: string, name: string) {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const again = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

async function runFor(
  kind: "pglite" | "postgres",
  baseUrl: string,
  clamd: RunningClamd | null,
): Promise<DatabaseResult> {
  const label = kind === "pglite" ? "PGlite (embedded, on disk)" : "PostgreSQL";
  const cleanups: (() => Promise<void>)[] = [];
  try {
    // a and c: the built portal, as a process of its own.
    const env: Record<string, string> = { LOG_LEVEL: "warn", ...(clamd ? { CLAMD_ADDRESS: clamd.address } : {}) };
    if (kind === "postgres") {
      const db = await scratch(baseUrl, `ingang_bench_portal_${process.pid}`);
      cleanups.push(db.drop);
      env.DATABASE_URL = db.url;
    }
    // Memory first, on a portal of its own, so nothing else has run in it.
    log(`${label}: memory at rest and after 2 000 and 10 000 requests`);
    const fresh = await startPortal(env);
    const memory = await benchMemory(fresh).finally(() => fresh.stop());
    const starts = kind === "pglite" ? await benchPgliteStarts() : undefined;

    const portal = await startPortal(env);
    cleanups.unshift(async () => void (await portal.stop()));
    log(`${label}: start page`);
    const startPage = await benchStartPage(portal, SECONDS);
    log(`${label}: form page`);
    const page = await benchPage(portal);
    const transfer =
      kind === "postgres" ? await benchTransfer(portal.url, ["/", "/forsorjningsstod", "/?lng=ar"]) : undefined;
    if (FOOTPRINT_ONLY) return { database: label, startPage, page, memory, starts, transfer };
    log(`${label}: uploads`);
    const uploads = [await benchUpload(portal, 20), await benchUpload(portal, 1)];

    // b and d: in this process, through the service functions, on a fresh database each.
    const open = async (name: string) => {
      if (kind === "pglite") {
        const dir = mkdtempSync(path.join(tmpdir(), "ingang-bench-pglite-"));
        const database = await openDatabase({ kind: "pglite", dir });
        cleanups.push(async () => {
          await database.close();
          rmSync(dir, { recursive: true, force: true });
        });
        return { database, url: undefined };
      }
      const db = await scratch(baseUrl, `${name}_${process.pid}`);
      const database = await openDatabase({ kind: "postgres", url: db.url });
      cleanups.push(async () => {
        await database.close();
        await db.drop();
      });
      return { database, url: db.url };
    };
    log(`${label}: submissions`);
    const forSubmissions = await open("ingang_bench_submit");
    const submissions = await benchSubmissions(forSubmissions.database, forSubmissions.url);
    log(`${label}: queue`);
    const forQueue = await open("ingang_bench_queue");
    const queue = await benchQueue(label, forQueue.database, forQueue.url);
    return { database: label, startPage, page, memory, starts, transfer, submissions, uploads, queue };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => log(`clean-up failed: ${error}`));
  }
}

const ratio = (portal: number, baseline: number) => `${round(portal / baseline, 3)}`;

/** Each target of issue 19 beside its figure from this run, ✓ or ✗ (– when not measured). */
function targets(results: DatabaseResult[]) {
  const pg = results.find((r) => r.database === "PostgreSQL");
  const lite = results.find((r) => r.database !== "PostgreSQL");
  const rows: Record<string, { figure: string; target: string; met: string }> = {};
  const add = (
    name: string,
    figure: number | undefined,
    target: string,
    met: (n: number) => boolean,
    shown?: string,
  ) => {
    rows[name] = {
      figure: figure === undefined ? "–" : (shown ?? String(round(figure, 3))),
      target,
      met: figure === undefined ? "–" : met(figure) ? "✓" : "✗",
    };
  };
  const per = (r: { portal: { perSecond: number }; baseline: { perSecond: number } } | undefined) =>
    r ? r.portal.perSecond / r.baseline.perSecond : undefined;
  add("start page / bare node, PostgreSQL", per(pg?.startPage), "≥ 0.03", (n) => n >= 0.03);
  add("form step / bare node, PostgreSQL", per(pg?.page), "≥ 0.03", (n) => n >= 0.03);
  add(
    "form step PGlite / PostgreSQL",
    lite && pg ? lite.page.portal.perSecond / pg.page.portal.perSecond : undefined,
    "≥ 0.5",
    (n) => n >= 0.5,
  );
  if (pg) {
    const { after2000Mb, after10000Mb } = pg.memory;
    add(
      "RSS after 10 000 requests, PostgreSQL (MB)",
      after10000Mb,
      "≤ 250, within 10 % of after 2 000",
      (n) => n <= 250 && n <= after2000Mb * 1.1,
      `${after10000Mb} (after 2 000: ${after2000Mb})`,
    );
  }
  add("RSS at rest PGlite, first start (MB)", lite?.starts?.firstStartMb, "≤ 250", (n) => n <= 250);
  add("RSS at rest PGlite, restart (MB)", lite?.starts?.restartMb, "≤ 250", (n) => n <= 250);
  const queue = pg?.queue;
  add(
    "robot claim + complete / one-table queue, PostgreSQL",
    queue ? queue.throughput.itemsPerSecond / queue.baseline.throughput.itemsPerSecond : undefined,
    "≥ 0.3",
    (n) => n >= 0.3,
  );
  add("submissions / raw insert, PostgreSQL", per(pg?.submissions), "≥ 0.4", (n) => n >= 0.4);
  for (const t of pg?.transfer ?? []) {
    add(`${t.path}: KiB transferred`, t.kib, "≤ 150", (n) => n <= 150);
    add(`${t.path}: LCP ms, mobile profile`, t.lcpMs, "≤ 2 500", (n) => n <= 2_500);
  }
  return rows;
}

async function main() {
  const load = () => loadavg().map((n) => round(n, 2));
  const startedAt = new Date();
  const loadBefore = load();
  const programs = findClamAV();
  const clamd = programs ? await startClamd(programs) : null;
  const results: DatabaseResult[] = [];
  try {
    results.push(await runFor("pglite", "", clamd));
    const baseUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    const reachable = await postgres(baseUrl, { max: 1, connect_timeout: 3, onnotice: () => {} })
      .begin(async () => true)
      .catch((error: Error) => {
        log(`PostgreSQL skipped (${error.message})`);
        return false;
      });
    if (reachable) results.push(await runFor("postgres", baseUrl, clamd));
  } finally {
    await clamd?.stop();
  }
  const loadAfter = load();

  const rows: Record<string, Record<string, string | number>> = {};
  for (const r of results) {
    const db = r.database.startsWith("PGlite") ? "PGlite" : "PostgreSQL";
    rows[`a. form page req/s [${db}]`] = {
      portal: r.page.portal.perSecond,
      baseline: r.page.baseline.perSecond,
      "portal/baseline": ratio(r.page.portal.perSecond, r.page.baseline.perSecond),
    };
    rows[`a. form page p50 ms [${db}]`] = {
      portal: r.page.portal.p50Ms,
      baseline: r.page.baseline.p50Ms,
      "portal/baseline": ratio(r.page.portal.p50Ms, r.page.baseline.p50Ms),
    };
    rows[`a. form page p99 ms [${db}]`] = {
      portal: r.page.portal.p99Ms,
      baseline: r.page.baseline.p99Ms,
      "portal/baseline": ratio(r.page.portal.p99Ms, r.page.baseline.p99Ms),
    };
    rows[`a. start page req/s [${db}]`] = {
      portal: r.startPage.portal.perSecond,
      baseline: r.startPage.baseline.perSecond,
      "portal/baseline": ratio(r.startPage.portal.perSecond, r.startPage.baseline.perSecond),
    };
    rows[`a. start page p50 ms [${db}]`] = {
      portal: r.startPage.portal.p50Ms,
      baseline: r.startPage.baseline.p50Ms,
      "portal/baseline": ratio(r.startPage.portal.p50Ms, r.startPage.baseline.p50Ms),
    };
    rows[`e. portal RSS MB at rest / after 2 000 / after 10 000 requests [${db}]`] = {
      portal: `${r.memory.atRestMb} / ${r.memory.after2000Mb} / ${r.memory.after10000Mb}`,
      baseline: "–",
      "portal/baseline": "–",
    };
    if (r.starts)
      rows[`e. portal RSS MB at rest, first start / restart [${db}]`] = {
        portal: `${r.starts.firstStartMb} / ${r.starts.restartMb}`,
        baseline: "–",
        "portal/baseline": "–",
      };
    for (const t of r.transfer ?? [])
      rows[`f. ${t.path}: KiB transferred, LCP ms (mobile profile)`] = {
        portal: `${t.kib} KiB, ${t.lcpMs} ms`,
        baseline: "–",
        "portal/baseline": "–",
      };
    if (!r.submissions || !r.uploads || !r.queue) continue;
    rows[`b. submissions/s [${db}]`] = {
      portal: r.submissions.portal.perSecond,
      baseline: r.submissions.baseline.perSecond,
      "portal/baseline": ratio(r.submissions.portal.perSecond, r.submissions.baseline.perSecond),
    };
    for (const u of r.uploads) {
      rows[`c. ${u.megabytes} MB upload MB/s [${db}]`] = {
        portal: u.portal.mbPerSecond,
        baseline: u.baseline.mbPerSecond,
        "portal/baseline": ratio(u.portal.mbPerSecond, u.baseline.mbPerSecond),
      };
      rows[`c. ${u.megabytes} MB upload: portal peak RSS MB (growth) [${db}]`] = {
        portal: `${u.portalPeakRssMb} (+${u.portalRssGrowthMb})`,
        baseline: "–",
        "portal/baseline": "–",
      };
    }
    rows[`d. commit→claimable p50 ms [${db}]`] = {
      portal: r.queue.latencyMs.p50,
      baseline: r.queue.baseline.latencyMs.p50,
      "portal/baseline": ratio(r.queue.latencyMs.p50, r.queue.baseline.latencyMs.p50),
    };
    rows[`d. commit→claimable p99 ms [${db}]`] = {
      portal: r.queue.latencyMs.p99,
      baseline: r.queue.baseline.latencyMs.p99,
      "portal/baseline": ratio(r.queue.latencyMs.p99, r.queue.baseline.latencyMs.p99),
    };
    rows[`d. claim+complete items/s, 4 robots [${db}]`] = {
      portal: r.queue.throughput.itemsPerSecond,
      baseline: r.queue.baseline.throughput.itemsPerSecond,
      "portal/baseline": ratio(r.queue.throughput.itemsPerSecond, r.queue.baseline.throughput.itemsPerSecond),
    };
  }
  console.log(
    `\nIngång benchmarks — ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${round(totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}; load average ${loadBefore.join(" ")} before, ${loadAfter.join(" ")} after; ` +
      `uploads ${clamd ? "scanned by clamd" : "not scanned (no ClamAV here)"}\n`,
  );
  console.table(rows);
  console.table(targets(results));

  const dir = path.resolve(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        benchmark: "ingang",
        at: startedAt.toISOString(),
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        memoryGiB: round(totalmem() / 2 ** 30),
        loadAverage: { before: loadBefore, after: loadAfter },
        settings: { seconds: SECONDS, connections: CONNECTIONS, submissions: SUBMISSIONS, submitters: SUBMITTERS },
        uploadsScanned: clamd !== null,
        results,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`\nWritten to ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
