import { migrate, openDatabase, type Database } from "#db/connect";
import { RelyingParty } from "./auth/relying-party.server";
import { removeStaleSessions } from "./auth/sessions.server";
import type { Config } from "./config.server";
import { createLogger, type Logger } from "./logger.server";

/**
 * Everything a request handler may use, created once per process by the server and
 * handed to loaders and actions as their load context.
 */
export interface Services {
  config: Config;
  logger: Logger;
  database: Database;
  login: { resident: RelyingParty; staff: RelyingParty };
  stop(): Promise<void>;
}

const HOUSEKEEPING_MS = 5 * 60_000;

export async function startServices(config: Config, logger = createLogger(config.logLevel)): Promise<Services> {
  const database = await openDatabase(config.database);
  try {
    await migrate(database, config.database.kind === "postgres" ? config.database.url : undefined);
  } catch (error) {
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

  return {
    config,
    logger,
    database,
    login: { resident: new RelyingParty(auth.resident, acr), staff: new RelyingParty(auth.staff) },
    async stop() {
      clearInterval(housekeeping);
      await database.close();
    },
  };
}
