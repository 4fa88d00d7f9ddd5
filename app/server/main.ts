import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { projectRoot } from "#db/project-root";
import { loadConfig } from "../config.server";
import { createLogger } from "../logger.server";
import { startServices } from "../services.server";
import { createHttpApp } from "./http-app";
import { listenWithGracefulShutdown } from "./shutdown";

/**
 * Starts the portal: configuration, database and migrations, then HTTP.
 * `--dev` serves the app through Vite with hot reload instead of the built bundle.
 */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    // One line naming the variable; nothing else is useful to an operator here.
    console.error(`Ingång cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const services = await startServices(config, logger);

  const dev = process.argv.includes("--dev");
  let remix;
  if (dev) {
    const vite = await import("vite");
    remix = { vite: await vite.createServer({ server: { middlewareMode: true }, appType: "custom" }) };
  } else {
    // React and Express pick their fast, quiet code paths from this before the app loads.
    process.env.NODE_ENV = "production";
    const file = pathToFileURL(path.join(projectRoot, "build", "server", "index.js")).href;
    remix = { build: (await import(file)) as ServerBuild };
  }

  let shuttingDown = false;
  const app = createHttpApp({ services, remix, isShuttingDown: () => shuttingDown });
  const server = listenWithGracefulShutdown(app, {
    port: config.port,
    host: config.host,
    graceMs: config.shutdownGraceMs,
    logger,
    onShutdownStart: () => {
      shuttingDown = true;
    },
    onClosed: async () => {
      if ("vite" in remix) await remix.vite.close();
      await services.stop();
    },
  });
  server.on("listening", () =>
    logger.info({ url: config.publicUrl.href, database: config.database.kind, env: config.env }, "Ingång is listening"),
  );
}

main().catch((error: Error) => {
  console.error(`Ingång failed to start: ${error.message}`);
  process.exit(1);
});
