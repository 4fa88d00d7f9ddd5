import type PgBoss from "pg-boss";
import { isMigrated, migrate, openDatabase, type Database } from "#db/connect";
import { grantPortalRole } from "#db/portal-role";
import { RelyingParty } from "./auth/relying-party.server";
import { removeStaleSessions } from "./auth/sessions.server";
import { ConfigError, type Config } from "./config.server";
import { createFileStore, type FileStore } from "./attachments/file-store.server";
import { createClamdScanner, type VirusScanner } from "./attachments/virus-scan.server";
import { eServices } from "./e-services/registry.server";
import { scheduleConfirmationExpiry } from "./intake/confirmation-expiry.server";
import { scheduleRetention } from "./intake/retention.server";
import { createLogger, type Logger } from "./logger.server";
import { startAcuteAlertWorker } from "./notify/acute-alert.server";
import { startNoticeWorker } from "./notify/notices.server";
import { createTransports } from "./notify/transports.server";
import { startBoss } from "./queue/boss.server";
import { Metrics } from "./metrics/metrics.server";
import { startLeaseReconciler } from "./queue/robot-items.server";
import { ensureIntakeQueues } from "./queue/intake-queue.server";

/**
 * Everything a request handler may use, created once per process by the server and
 * handed to loaders and actions as their load context.
 */
export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  boss: PgBoss;
  /** Where encrypted attachments are kept. */
  files: FileStore;
  /** clamd, when configured (always in production); null means files are not scanned. */
  scanner: VirusScanner | null;
  login: { resident: RelyingParty; staff: RelyingParty };
  /** Prometheus metrics; also told what the robot queue does. */
  metrics: Metrics;
  stop(): Promise<void>;
}

const HOUSEKEEPING_MS = 5 * 60_000;

/** pg-boss's queues, schedules and workers, created where missing. */
async function setUpJobs(boss: PgBoss, database: Database, config: Config, files: FileStore, logger: Logger) {
  await ensureIntakeQueues(boss, config.queue);
  const transports = createTransports(config.notices, database.db);
  await startAcuteAlertWorker(boss, {
    targets: config.acuteAlert,
    transports,
    staffUrl: new URL("/personal", config.publicUrl),
    logger,
  });
  await startNoticeWorker(boss, {
    db: database.db,
    keyring: config.secrets.keyring,
    transports,
    municipality: config.municipality.name,
    myPagesUrl: new URL("/mina-sidor", config.publicUrl).href,
    logger,
  });
  await scheduleRetention(boss, database.db, files, logger);
  await scheduleConfirmationExpiry(boss, database.db, logger);
  for (const { jobs } of eServices) await jobs?.(boss, { db: database.db, config, logger });
}

/**
 * pg-boss that creates queues and schedules but takes no job: the owner's setting-up pass must not
 * do the portal's work. (Bound to the real instance: pg-boss keeps private fields.)
 */
function withoutWorkers(boss: PgBoss): PgBoss {
  return new Proxy(boss, {
    get(target, key) {
      if (key === "work") return async () => "";
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * `npm run migrate`: as the role that owns the tables, applies the migrations, installs or
 * upgrades pg-boss and creates every queue and schedule, then grants the portal's role what it
 * may do (db/portal-role.ts). On the embedded PGlite there are no roles: it only migrates.
 */
export async function setUpDatabase(config: Config, logger: Logger): Promise<{ owner: string; portal: string } | null> {
  if (config.database.kind !== "postgres") {
    const database = await openDatabase(config.database);
    await migrate(database).finally(() => database.close());
    return null;
  }
  const { url, migrationUrl } = config.database;
  if (!migrationUrl)
    throw new ConfigError("DATABASE_MIGRATION_URL must be set in production to migrate (the tables' owner role)");
  const owner = { ...config, database: { kind: "postgres", url: migrationUrl, migrationUrl } as const };
  const database = await openDatabase(owner.database);
  let boss: PgBoss | undefined;
  try {
    await migrate(database, migrationUrl);
    boss = await startBoss(database, migrationUrl, logger);
    await setUpJobs(withoutWorkers(boss), database, owner, createFileStore(config.attachments.storage), logger);
  } finally {
    await boss?.stop({ graceful: false, wait: true }).catch(() => {});
    await database.close();
  }
  return grantPortalRole(migrationUrl, url);
}

export async function startServices(config: Config, logger = createLogger(config.logLevel)): Promise<Services> {
  for (const { setUp } of eServices) setUp?.(config);
  const postgres = config.database.kind === "postgres" ? config.database : undefined;
  const twoRoles = !!postgres && postgres.migrationUrl !== postgres.url;
  // Outside production a portal given the owner's URL as well sets the database up itself, as
  // `npm run migrate` does before a production start.
  if (twoRoles && !config.production) await setUpDatabase(config, logger);
  const database = await openDatabase(config.database);
  const url = postgres?.url;
  const files = createFileStore(config.attachments.storage);
  let boss: PgBoss | undefined;
  const stopBackground: (() => void)[] = [];
  try {
    if (!twoRoles && !config.production) await migrate(database, url);
    else if (!(await isMigrated(database.db)))
      throw new Error("the database lacks this version's migrations: run `npm run migrate` first (docs/operations.md)");
    boss = await startBoss(database, url, logger);
    await setUpJobs(boss, database, config, files, logger);
    for (const { background } of eServices)
      if (background) stopBackground.push(await background({ db: database.db, logger }));
  } catch (error) {
    for (const stop of stopBackground) stop();
    await boss?.stop({ graceful: false, wait: true }).catch(() => {});
    await database.close();
    throw error;
  }
  const { auth } = config;
  const acr = auth.acrValues ? { acr_values: auth.acrValues } : undefined;

  const policy = { idleMs: auth.idleMs, maxMs: auth.maxMs };
  const housekeeping = setInterval(() => {
    removeStaleSessions(database.db, policy).catch((error) => logger.warn({ err: error }, "session clean-up failed"));
  }, HOUSEKEEPING_MS);
  housekeeping.unref();

  const started = boss;
  const metrics = new Metrics(database.db);
  const stopLeaseReconciler = startLeaseReconciler({ db: database.db, boss: started, observer: metrics }, logger);
  return {
    config,
    logger,
    database,
    boss: started,
    files,
    scanner: config.attachments.clamd ? createClamdScanner(config.attachments.clamd) : null,
    login: { resident: new RelyingParty(auth.resident, acr), staff: new RelyingParty(auth.staff) },
    metrics,
    async stop() {
      clearInterval(housekeeping);
      for (const stop of stopBackground) stop();
      stopLeaseReconciler();
      await started.stop({ graceful: true, wait: true, timeout: 5_000 });
      await database.close();
    },
  };
}
