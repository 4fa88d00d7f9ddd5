/**
 * Whether an error means "the database cannot be reached right now" (a restart, a failover, a
 * network cut, too many connections) rather than a bug or bad data. Such a request is answered
 * 503 with "try again", never 500: the drivers reconnect by themselves on the next query
 * (postgres.js for the portal, node-postgres inside pg-boss), so the same request soon works.
 *
 * Both drivers' shapes are recognised, through drizzle's wrapper (`cause`) and Node's
 * AggregateError (a host name that resolves to several addresses, all refusing).
 */

/** Node's socket errors when the server is down or the connection was cut. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);

/** postgres.js's own codes for a connection that is gone or never came. */
const DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);

/**
 * SQLSTATEs of a server going away or refusing for now: class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or in
 * recovery), 53300 too_many_connections.
 */
const transientState = (code: string) =>
  /^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";

/**
 * 55000 (object_not_in_prerequisite_state) also names ordinary statement errors; on connect it
 * means the database does not take connections now (`ALLOW_CONNECTIONS false` for maintenance).
 */
const refusingConnections = (code: string, message: unknown) =>
  code === "55000" && typeof message === "string" && /is not currently accepting connections/.test(message);

/** node-postgres reports a cut or refused connection by message only. */
const PG_MESSAGES =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|timeout expired)$/;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (
    typeof code === "string" &&
    (SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || transientState(code) || refusingConnections(code, message))
  )
    return true;
  if (typeof message === "string" && PG_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** Seconds a client is asked to wait before trying again (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;
