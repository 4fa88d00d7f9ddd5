import { ConfigError, loadConfig } from "../config.server";
import { createLogger } from "../logger.server";
import { setUpDatabase } from "../services.server";

/**
 * `npm run migrate`: sets the database up as the role that owns its tables
 * (`DATABASE_MIGRATION_URL`), then grants the portal's role (`DATABASE_URL`) only what it needs.
 * Production runs it before starting a new version; the portal itself never migrates there.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(`Ingång cannot migrate: ${(error as Error).message}`);
    return 1;
  }
  try {
    const roles = await setUpDatabase(config, createLogger(config.logLevel));
    console.log(
      roles === null
        ? "migrated the embedded database"
        : roles.owner === roles.portal
          ? `migrated as ${roles.owner}, which the portal also uses (one role: nothing granted)`
          : `migrated as ${roles.owner}; ${roles.portal} may read and write, and only add to the audit log`,
    );
    return 0;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `migration failed: ${(error as Error).message}`;
    console.error(`Ingång cannot migrate: ${message}`);
    return 1;
  }
}

process.exitCode = await main();
