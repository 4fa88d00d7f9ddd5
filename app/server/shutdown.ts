import type { Server } from "node:http";
import type { Express } from "express";
import type { Logger } from "../logger.server";

interface ShutdownOptions {
  port: number;
  host: string;
  /** How long in-flight requests may take before their connections are cut. */
  graceMs: number;
  logger: Logger;
  onShutdownStart: () => void;
  /** Runs once no request is left: close the queue and the database here. */
  onClosed: () => Promise<void>;
}

/**
 * Listens, and on SIGTERM or SIGINT stops accepting, lets in-flight requests finish for
 * the grace period, closes what `onClosed` closes and exits. A second signal exits at once.
 */
export function listenWithGracefulShutdown(app: Express, options: ShutdownOptions): Server {
  const { logger } = options;
  const server = app.listen(options.port, options.host);
  server.on("error", (error) => {
    logger.fatal({ err: error }, "the server could not listen");
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    options.onShutdownStart();
    const cutOff = setTimeout(() => server.closeAllConnections(), options.graceMs);
    cutOff.unref();
    server.close(() => {
      clearTimeout(cutOff);
      options
        .onClosed()
        .then(() => {
          logger.info("stopped");
          process.exit(0);
        })
        .catch((error: Error) => {
          logger.error({ err: error }, "error while closing");
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return server;
}
