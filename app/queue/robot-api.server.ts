import { pipeline } from "node:stream/promises";
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from "express";
import type { z } from "zod";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "#db/availability";
import { audit, type Actor } from "../audit/audit.server";
import type { Logger } from "../logger.server";
import type { Services } from "../services.server";
import {
  claimRequest,
  completeRequest,
  failRequest,
  leaseRequest,
  listQuery,
  messageRequest,
  postponeRequest,
  statusRequest,
} from "./robot-api-schemas";
import { RobotApiError } from "./robot-errors";
import {
  claimItems,
  completeItem,
  extendLease,
  failItem,
  getItem,
  itemEvents,
  listItems,
  openItemAttachment,
  postMessage,
  postponeItem,
  postStatus,
  type RobotQueueDependencies,
} from "./robot-items.server";
import { answersJsonSchema, robotOpenApi } from "./robot-openapi.server";
import { authenticateRobot, isQueueName, type RobotPrincipal } from "./robot-tokens.server";
import { TokenBuckets, type RateLimit } from "./rate-limit";

/**
 * The robot API, /api/robot/v1: JSON over HTTPS with a bearer token per robot. An Express
 * router in front of Remix (docs/decisions/005-robot-queue.md): it streams downloads, bounds
 * request bodies before reading them, and answers every refusal as
 * `{ "error": { "code", "message" } }`, audited, instead of an HTML page.
 */

export const ROBOT_API_PATH = "/api/robot/v1";
/** Far more than any request needs (a message is at most 10 000 characters). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface RobotApiOptions {
  queue: RobotQueueDependencies;
  rateLimit: RateLimit;
  logger: Logger;
  /** Counted when a request is refused by the rate limit. */
  onRateLimited?: () => void;
}

/** The router as the portal mounts it, from its services. */
export function robotApiForServices(services: Services) {
  const { config } = services;
  return robotApiRouter({
    queue: {
      db: services.database.db,
      boss: services.boss,
      keyring: config.secrets.keyring,
      files: services.files,
      policy: config.queue,
      observer: services.metrics,
      apiBase: new URL(ROBOT_API_PATH, config.publicUrl).href,
    },
    rateLimit: config.robotApi.rateLimit,
    logger: services.logger,
    onRateLimited: () => services.metrics.rateLimited.inc(),
  });
}

interface Locals {
  operation: string;
  robot?: RobotPrincipal;
  itemId?: string;
}

const locals = (res: Response) => res.locals as Locals & Record<string, unknown>;

/** Express 4 does not catch rejected promises: hand them to the error handler. */
const handle =
  (operation: string, fn: (req: Request, res: Response) => Promise<void>) =>
  (req: Request, res: Response, next: NextFunction) => {
    locals(res).operation = operation;
    if (typeof req.params.itemId === "string") locals(res).itemId = req.params.itemId;
    fn(req, res).catch(next);
  };

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? issue.path.join(".") : "body";
    throw new RobotApiError("invalid_request", `${where}: ${issue.message}`);
  }
  return result.data;
}

export function robotApiRouter(options: RobotApiOptions) {
  const { queue: deps, logger } = options;
  const router = express.Router({ caseSensitive: true, strict: false });
  const buckets = new TokenBuckets(options.rateLimit);
  const lastRateAudit = new Map<string, number>();
  const json = express.json({ limit: MAX_BODY_BYTES, strict: true, type: () => true });

  /** One audit row per call: who, which operation, on what, and how it ended. */
  async function auditCall(req: Request, res: Response, status: number, code?: string) {
    const { robot, operation, itemId } = locals(res);
    const actor: Actor = robot ? { kind: "robot", id: robot.tokenId } : { kind: "anonymous" };
    await audit(deps.db, {
      actor,
      action: `robot_api.${operation ?? "unknown"}`,
      subject: itemId ? { kind: "robot_item", id: itemId.slice(0, 64) } : undefined,
      // Address and browser only where nobody is authenticated: a refused credential.
      client: robot ? undefined : { ip: req.ip ?? null, userAgent: req.get("user-agent") ?? null },
      details: { status, code: code ?? null },
    });
  }

  async function send(req: Request, res: Response, status: number, body: unknown) {
    await auditCall(req, res, status);
    res.status(status).json(body);
  }

  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  // Public: the description of the API and of each e-service's answers.
  router.get("/openapi.json", (_req, res) => {
    res.set("Cache-Control", "no-cache");
    res.type("application/json").send(JSON.stringify(robotOpenApi(deps.apiBase), null, 2));
  });
  router.get("/schemas/:serviceId/:version", (req, res) => {
    const schema = answersJsonSchema(req.params.serviceId!, Number(req.params.version), deps.apiBase);
    if (!schema) {
      res.status(404).json(new RobotApiError("schema_not_found", "There is no such e-service version.").toJSON());
      return;
    }
    res.set("Cache-Control", "no-cache");
    res.type("application/schema+json").send(JSON.stringify(schema, null, 2));
  });

  // Everything else needs a robot's token. GET /api/robot/v1 itself is the readable page (Remix).
  router.use(async (req, res, next) => {
    if ((req.method === "GET" || req.method === "HEAD") && req.path === "/") return next("router");
    locals(res).operation = "authenticate";
    try {
      const result = await authenticateRobot(deps.db, req.get("authorization"));
      if (!result.ok) {
        res.set("WWW-Authenticate", 'Bearer realm="ingang-robot"');
        if (result.reason === "revoked") {
          locals(res).robot = { tokenId: result.tokenId, name: "", queues: [] };
          throw new RobotApiError("token_revoked", "This robot token has been revoked.");
        }
        throw new RobotApiError("unauthorized", "A valid robot token is required: Authorization: Bearer <token>.");
      }
      locals(res).robot = result.robot;
      const decision = buckets.take(result.robot.tokenId);
      if (!decision.ok) {
        options.onRateLimited?.();
        res.set("Retry-After", String(decision.retryAfterSeconds));
        throw new RobotApiError("rate_limited", "Too many requests from this robot; slow down.", {
          retryAfterSeconds: decision.retryAfterSeconds,
        });
      }
      next();
    } catch (error) {
      next(error);
    }
  });

  // Bodies: JSON only, bounded before a byte is read past the limit.
  router.use((req, res, next) => {
    if (req.method !== "POST") return next();
    const declared = req.get("content-length");
    const chunked = req.get("transfer-encoding") !== undefined;
    if (!chunked && (declared === undefined || declared === "0")) {
      req.body = {};
      return next();
    }
    if (!req.is("application/json"))
      return next(new RobotApiError("unsupported_media_type", "Send the body as application/json."));
    json(req, res, next);
  });

  const robotOf = (res: Response) => locals(res).robot!;

  router.post(
    "/queues/:queue/claims",
    handle("claim", async (req, res) => {
      const queue = req.params.queue!;
      if (!isQueueName(queue)) throw new RobotApiError("queue_not_found", "There is no queue with this name.");
      const input = parseBody(claimRequest, req.body);
      const items = await claimItems(deps, robotOf(res), queue, input.max ?? 1);
      await send(req, res, 200, { items });
    }),
  );

  router.get(
    "/items",
    handle("list", async (req, res) => {
      const query = parseBody(listQuery, req.query);
      const page = await listItems(deps, robotOf(res), {
        queue: query.queue,
        states: query.state,
        reference: query.reference,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        limit: query.limit ?? 50,
        cursor: query.cursor,
      });
      await send(req, res, 200, page);
    }),
  );

  router.get(
    "/items/:itemId",
    handle("item", async (req, res) => {
      const item = await getItem(deps, robotOf(res), req.params.itemId!);
      await send(req, res, 200, { item });
    }),
  );

  router.get(
    "/items/:itemId/events",
    handle("events", async (req, res) => {
      const events = await itemEvents(deps, robotOf(res), req.params.itemId!);
      await send(req, res, 200, { events });
    }),
  );

  router.post(
    "/items/:itemId/lease",
    handle("extend_lease", async (req, res) => {
      const input = parseBody(leaseRequest, req.body);
      const lease = await extendLease(deps, robotOf(res), req.params.itemId!, input);
      await send(req, res, 200, { lease });
    }),
  );

  router.post(
    "/items/:itemId/complete",
    handle("complete", async (req, res) => {
      const input = parseBody(completeRequest, req.body);
      const item = await completeItem(deps, robotOf(res), req.params.itemId!, input);
      await send(req, res, 200, { item });
    }),
  );

  router.post(
    "/items/:itemId/postpone",
    handle("postpone", async (req, res) => {
      const input = parseBody(postponeRequest, req.body);
      const item = await postponeItem(deps, robotOf(res), req.params.itemId!, {
        ...input,
        until: new Date(input.until),
      });
      await send(req, res, 200, { item });
    }),
  );

  router.post(
    "/items/:itemId/fail",
    handle("fail", async (req, res) => {
      const input = parseBody(failRequest, req.body);
      const item = await failItem(deps, robotOf(res), req.params.itemId!, input);
      await send(req, res, 200, { item });
    }),
  );

  router.post(
    "/items/:itemId/messages",
    handle("message", async (req, res) => {
      const input = parseBody(messageRequest, req.body);
      const message = await postMessage(deps, robotOf(res), req.params.itemId!, input);
      await send(req, res, message.replayed ? 200 : 201, { message });
    }),
  );

  router.post(
    "/items/:itemId/status",
    handle("status", async (req, res) => {
      const input = parseBody(statusRequest, req.body);
      const event = await postStatus(deps, robotOf(res), req.params.itemId!, input);
      await send(req, res, event.replayed ? 200 : 201, { event });
    }),
  );

  router.get(
    "/items/:itemId/attachments/:attachmentId",
    handle("download", async (req, res) => {
      const file = await openItemAttachment(deps, robotOf(res), req.params.itemId!, req.params.attachmentId!);
      await auditCall(req, res, 200);
      res.status(200).set({
        "Content-Type": file.contentType,
        "Content-Length": String(file.size),
        "Content-Disposition": `attachment; filename="${asciiName(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "Repr-Digest": `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`,
        ETag: `"${file.sha256}"`,
      });
      try {
        await pipeline(file.stream, res);
      } catch (error) {
        // Headers are gone: the robot sees a body shorter than Content-Length and must not use it.
        logger.error({ err: error, requestId: String(req.id) }, "attachment download failed");
        res.destroy();
      }
    }),
  );

  router.all(
    "*",
    handle("unknown", async (req, _res) => {
      const known = [
        /^\/queues\/[^/]+\/claims$/,
        /^\/items$/,
        /^\/items\/[^/]+(\/(events|lease|complete|postpone|fail|messages|status))?$/,
      ];
      if (known.some((r) => r.test(req.path)))
        throw new RobotApiError("method_not_allowed", `${req.method} is not allowed here.`);
      throw new RobotApiError("not_found", "There is no such endpoint in the robot API.");
    }),
  );

  const errors: ErrorRequestHandler = (error, req, res, _next) => {
    const refusal = asRobotError(error);
    if (!refusal) logger.error({ err: error, requestId: String(req.id) }, "robot API request failed");
    else if (refusal.code === "unavailable")
      logger.warn({ err: error, requestId: String(req.id) }, "database unavailable");
    const status = refusal?.status ?? 500;
    const body = refusal?.toJSON() ?? {
      error: { code: "internal_error", message: "Something went wrong on our side." },
    };
    const code = body.error.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const answer = () => {
      if (status === 503) res.set("Retry-After", String(RETRY_AFTER_SECONDS));
      if (status === 405) res.set("Allow", req.path.includes("/claims") ? "POST" : "GET, POST");
      res.status(status).json(body);
    };
    // A flood of refused requests must not become a flood of audit rows: a rate-limited robot
    // is audited once a second.
    if (code === "rate_limited") {
      const tokenId = locals(res).robot!.tokenId;
      const now = Date.now();
      if ((lastRateAudit.get(tokenId) ?? 0) > now - 1000) return answer();
      lastRateAudit.set(tokenId, now);
      if (lastRateAudit.size > 10_000) lastRateAudit.clear();
    }
    auditCall(req, res, status, code)
      .catch((auditError) => logger.error({ err: auditError }, "robot API audit failed"))
      .finally(answer);
  };
  router.use(errors);
  return router;
}

/** body-parser's errors, and our own, as robot API errors; anything else is ours to fix (500). */
function asRobotError(error: unknown): RobotApiError | null {
  if (error instanceof RobotApiError) return error;
  // A restart or failover: the transaction rolled back, and the driver reconnects by itself.
  if (isDatabaseUnavailable(error))
    return new RobotApiError("unavailable", "The portal's database cannot be reached right now; try again shortly.");
  const type = (error as { type?: string })?.type;
  switch (type) {
    case "entity.too.large":
      return new RobotApiError("body_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes.`);
    case "entity.parse.failed":
      return new RobotApiError("malformed_json", "The body is not valid JSON.");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new RobotApiError("unsupported_media_type", "Send the body as UTF-8 JSON.");
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return new RobotApiError("invalid_request", "The body could not be read.");
    default:
      return null;
  }
}

/** The name for clients that read only the ASCII filename parameter. */
const asciiName = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
