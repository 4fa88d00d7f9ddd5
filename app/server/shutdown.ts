import { createServer, type Server } from "node:http";
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
 * Slow clients (slowloris) must not hold connections: the headers must arrive within
 * HEADERS_TIMEOUT_MS and the whole request within REQUEST_TIMEOUT_MS (a 20 MB upload over a slow
 * mobile link fits), checked every CHECK_INTERVAL_MS; a connection that sends nothing for
 * IDLE_TIMEOUT_MS in the middle of a request (a body that stalls) is cut long before the total
 * limit. Headers over Node's 16 KiB are refused with 431.
 */
export const SERVER_TIMEOUTS = {
  headersMs: 10_000,
  requestMs: 300_000,
  idleMs: 30_000,
  checkIntervalMs: 1_000,
} as const;

/**
 * Listens, and on SIGTERM or SIGINT stops accepting, lets in-flight requests finish for
 * the grace period, closes what `onClosed` closes and exits. A second signal exits at once.
 */
export function listenWithGracefulShutdown(app: Express, options: ShutdownOptions): Server {
  const { logger } = options;
  const server = createServer(
    {
      headersTimeout: SERVER_TIMEOUTS.headersMs,
      requestTimeout: SERVER_TIMEOUTS.requestMs,
      connectionsCheckingInterval: SERVER_TIMEOUTS.checkIntervalMs,
    },
    app,
  );
  server.timeout = SERVER_TIMEOUTS.idleMs;
  server.listen(options.port, options.host);
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
