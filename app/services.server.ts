import { migrate, openDatabase, type Database } from "#db/connect";
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
}

export async function startServices(config: Config, logger = createLogger(config.logLevel)): Promise<Services> {
  const database = await openDatabase(config.database);
  try {
    await migrate(database, config.database.kind === "postgres" ? config.database.url : undefined);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { config, logger, database };
}

export async function stopServices(services: Services): Promise<void> {
  await services.database.close();
}
