import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import express from "express";
import type PgBoss from "pg-boss";
import { rowsOf } from "#db/connect";
import { attachment, submission } from "#db/schema";
import { LocalFileStore } from "~/attachments/file-store.server";
import { storeFile } from "~/attachments/store-file.server";
import { upsertPerson } from "~/auth/people.server";
import { RobotClient } from "~/cli/lib/robot-client";
import { seal, type Keyring } from "~/crypto/envelope";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import type { QueueName } from "~/intake/definition";
import { createDraft, loadDraft } from "~/intake/drafts.server";
import { submitDraft } from "~/intake/submissions.server";
import { createLogger } from "~/logger.server";
import { Metrics, metricsEndpoint } from "~/metrics/metrics.server";
import { ensureNoticeQueue } from "~/notify/notices.server";
import { BOSS_SCHEMA, startBoss } from "~/queue/boss.server";
import { ensureIntakeQueues, type QueuePolicy } from "~/queue/intake-queue.server";
import { ROBOT_API_PATH, robotApiRouter } from "~/queue/robot-api.server";
import type { RobotQueueDependencies } from "~/queue/robot-items.server";
import { createRobotToken } from "~/queue/robot-tokens.server";
import type { RateLimit } from "~/queue/rate-limit";
import { freshDatabase, type DatabaseKind, type TestDatabase } from "./databases";

/**
 * The robot API over a real database and pg-boss, served on a local port, with helpers to
 * make submissions the way the intake engine does (submitDraft) and robot tokens the way the
 * CLI does. Tests talk to it over HTTP with the same client the reference robot uses.
 */

export const METRICS_TOKEN = "metrics-token-for-tests-0123456789abcdef";
const ANNA = "198503129820";

export interface SubmitOptions {
  /** An acute report: priority 100. */
  acute?: boolean;
  /** Honour-related: the restricted queue. */
  restricted?: boolean;
  /** Sent by a logged-in person (Anna), or anonymously. */
  identified?: boolean;
  files?: { name: string; bytes: Buffer }[];
}

export interface Submitted {
  submissionId: string;
  reference: string;
  queue: QueueName;
  itemId: string;
}

export interface RobotHarness {
  database: TestDatabase;
  boss: PgBoss;
  deps: RobotQueueDependencies;
  metrics: Metrics;
  url: string;
  keyring: Keyring;
  personId: string;
  robot(queues: QueueName[], name?: string): Promise<{ id: string; token: string; client: RobotClient }>;
  submit(options?: SubmitOptions): Promise<Submitted>;
  /** Lets a job waiting for its retry backoff be claimed now. */
  skipBackoff(itemId: string): Promise<void>;
  jobState(itemId: string): Promise<{ state: string; retryCount: number; startAfter: Date } | null>;
  close(): Promise<void>;
}

export async function startRobotHarness(
  kind: DatabaseKind,
  options: { policy?: Partial<QueuePolicy>; rateLimit?: RateLimit } = {},
): Promise<RobotHarness> {
  const database = await freshDatabase(kind);
  const logger = createLogger("silent");
  const boss = await startBoss(database, database.url, logger);
  const policy: QueuePolicy = { retryLimit: 2, retryDelaySeconds: 1, leaseSeconds: 60, ...options.policy };
  await ensureIntakeQueues(boss, policy);
  await ensureNoticeQueue(boss);
  const keyring: Keyring = { activeKeyId: "t", keys: new Map([["t", randomBytes(32)]]) };
  const personLookup = randomBytes(32);
  const filesDir = await mkdtemp(path.join(tmpdir(), "ingang-robot-files-"));
  const files = new LocalFileStore(filesDir);
  const metrics = new Metrics(database.db);
  const personId = await upsertPerson(
    database.db,
    { keyring, personLookup },
    { pnr: ANNA, name: "Anna Andersson", protectedIdentity: false },
  );

  const app = express();
  app.set("query parser", "simple");
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const deps: RobotQueueDependencies = {
    db: database.db,
    boss,
    keyring,
    files,
    policy,
    observer: metrics,
    apiBase: `${url}${ROBOT_API_PATH}`,
  };
  app.use(
    ROBOT_API_PATH,
    robotApiRouter({
      queue: deps,
      rateLimit: options.rateLimit ?? { perSecond: 1000, burst: 10_000 },
      logger,
      onRateLimited: () => metrics.rateLimited.inc(),
    }),
  );
  app.get("/metrics", metricsEndpoint(metrics, METRICS_TOKEN, logger));

  return {
    database,
    boss,
    deps,
    metrics,
    url,
    keyring,
    personId,
    async robot(queues, name = "Testrobot") {
      const created = await createRobotToken(database.db, { name, queues });
      return { ...created, client: new RobotClient({ url, token: created.token, rateLimitRetries: 0 }) };
    },
    async submit(o = {}) {
      const identified = o.identified ?? false;
      const answers = {
        vem: { reporter: "privatperson" },
        anonym: { anonymous: identified ? "nej" : "ja" },
        kontakt: { phone: "070-123 45 67" },
        "om-vem": { about: "vuxen" },
        vuxen: { name: "Test Testsson" },
        omrade: { areas: ["missbruk"] },
        "vuxen-kannedom": { knows: "nej", consent: "nej", childrenAtHome: "nej" },
        oro: { what: "Jag är orolig.", when: "I går", source: "sett" },
        fara: { danger: o.acute ? "ja" : "nej" },
        akut: {},
        heder: { honour: o.restricted ? "ja" : "nej" },
        kommunen: { ownStaff: "nej" },
        bilagor: {},
      };
      const owner = identified ? { personId } : { anonymousTokenHash: randomBytes(16).toString("hex") };
      const draftId = await createDraft(database.db, keyring, orosanmalan, owner, answers, 30);
      for (const file of o.files ?? []) {
        const id = randomUUID();
        const stored = await storeFile(Readable.from([file.bytes]), {
          keyring,
          store: files,
          scanner: null,
          maxBytes: 20 * 1024 * 1024,
          context: `attachment:${id}`,
          key: id,
        });
        if (!stored.ok) throw new Error(`test file refused: ${stored.reason}`);
        await database.db.insert(attachment).values({
          id,
          personId: identified ? personId : null,
          draftId,
          ruleId: "bilaga",
          filenameSealed: seal(keyring, file.name, `attachment.filename:${id}`),
          contentType: stored.contentType,
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: id,
          keyId: stored.keyId,
          wrappedKey: stored.wrappedKey,
          noncePrefix: stored.noncePrefix,
        });
      }
      const draft = (await loadDraft(database.db, keyring, draftId, owner))!;
      const result = await submitDraft(
        { db: database.db, keyring, personLookup, boss },
        {
          draft,
          definition: orosanmalan,
          journey: { loggedIn: identified, pnr: identified ? ANNA : undefined, today: new Date() },
          personId: identified ? personId : null,
          protectedIdentity: false,
          language: "sv",
          channel: "e-service",
          actor: identified ? { kind: "person", id: personId } : { kind: "anonymous" },
        },
      );
      const [row] = await database.db.select().from(submission).where(eq(submission.id, result.submissionId));
      const [item] = await rowsOf<{ id: string }>(
        database.db,
        sql`select id from robot_item where submission_id = ${result.submissionId}`,
      );
      return {
        submissionId: result.submissionId,
        reference: result.reference,
        queue: row!.queue as QueueName,
        itemId: item!.id,
      };
    },
    async skipBackoff(itemId) {
      await database.db.execute(
        sql`update ${sql.identifier(BOSS_SCHEMA)}.job set start_after = now() - interval '1 second' where id = ${itemId}`,
      );
    },
    async jobState(itemId) {
      const [job] = await rowsOf<{ state: string; retry_count: number; start_after_ms: number | string }>(
        database.db,
        sql`select state::text as state, retry_count, (extract(epoch from start_after) * 1000)::float8 as start_after_ms
            from ${sql.identifier(BOSS_SCHEMA)}.job
            where id = ${itemId} and name like 'intake.%' and name <> 'intake.dead-letter'`,
      );
      return job
        ? { state: job.state, retryCount: Number(job.retry_count), startAfter: new Date(Number(job.start_after_ms)) }
        : null;
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await boss.stop({ graceful: false, wait: true });
      await database.dispose();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}
