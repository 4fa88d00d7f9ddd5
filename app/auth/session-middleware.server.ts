import type { RequestHandler } from "express";
import type { Services } from "../services.server";
import { sessionCookie } from "./cookies.server";
import { resolveSession } from "./sessions.server";

/** Resolves the request's session once, before any loader runs, and hands it on. */
export function sessionContext(services: Services): RequestHandler {
  const cookie = sessionCookie(services.config.secure);
  const { auth, secrets } = services.config;
  const policy = { idleMs: auth.idleMs, maxMs: auth.maxMs };
  return async (req, res, next) => {
    try {
      res.locals.session = await resolveSession(
        services.database.db,
        secrets.keyring,
        policy,
        cookie.read(req.headers.cookie),
        new Date(),
        { ip: req.ip ?? null, userAgent: req.get("user-agent") ?? null },
      );
      next();
    } catch (error) {
      next(error);
    }
  };
}
