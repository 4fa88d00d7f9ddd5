import type PgBoss from "pg-boss";
import { migrate, openDatabase, type Database } from "#db/connect";
import { RelyingParty } from "./auth/relying-party.server";
import { removeStaleSessions } from "./auth/sessions.server";
import type { Config } from "./config.server";
import { createFileStore, type FileStore } from "./attachments/file-store.server";
import { createClamdScanner, type VirusScanner } from "./attachments/virus-scan.server";
import { installRiksnormTables } from "./e-services/forsorjningsstod/riksnorm-tables";
import { scheduleConfirmationExpiry } from "./intake/confirmation-expiry.server";
import { scheduleRetention } from "./intake/retention.server";
import { createLogger, type Logger } from "./logger.server";
import { startAcuteAlertWorker } from "./notify/acute-alert.server";
import { startNoticeWorker } from "./notify/notices.server";
import { startBookingJobs } from "./e-services/samarbetssamtal/jobs.server";
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

export async function startServices(config: Config, logger = createLogger(config.logLevel)): Promise<Services> {
  installRiksnormTables(config.riksnorm.tables);
  const database = await openDatabase(config.database);
  const url = config.database.kind === "postgres" ? config.database.url : undefined;
  const files = createFileStore(config.attachments.storage);
  let boss: PgBoss | undefined;
  try {
    await migrate(database, url);
    boss = await startBoss(database, url, logger);
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
    await startBookingJobs(boss, { db: database.db, config, logger });
  } catch (error) {
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
      stopLeaseReconciler();
      await started.stop({ graceful: true, wait: true, timeout: 5_000 });
      await database.close();
    },
  };
}
