import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { csrfCookie } from "./cookies.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const csrfTokenFor = (secret: Buffer, anchor: string) =>
  createHmac("sha256", secret).update(`csrf\u0000${anchor}`).digest("base64url");

export function csrfTokensMatch(given: unknown, expected: string): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * Two layers against cross-site request forgery, for every state-changing request:
 * 1. here, a request the browser marks as cross-site (Sec-Fetch-Site, Origin) is refused;
 * 2. every form carries a token derived from a random per-browser cookie, checked where the
 *    form is read (app/http/form.server.ts). Session cookies are SameSite=Lax besides.
 */
export function csrfProtection(options: { secret: Buffer; secure: boolean; origin: string }): RequestHandler {
  const cookie = csrfCookie(options.secure);
  return (req, res, next) => {
    let anchor = cookie.read(req.headers.cookie);
    if (!anchor || !/^[A-Za-z0-9_-]{43}$/.test(anchor)) {
      anchor = randomBytes(32).toString("base64url");
      res.append("Set-Cookie", cookie.set(anchor));
    }
    res.locals.csrfToken = csrfTokenFor(options.secret, anchor);

    if (!SAFE_METHODS.has(req.method)) {
      const site = req.headers["sec-fetch-site"];
      const origin = req.headers.origin;
      const crossSite =
        (site !== undefined && site !== "same-origin" && site !== "none") ||
        (origin !== undefined && origin !== options.origin);
      if (crossSite) return next(Object.assign(new Error("cross-site request refused"), { status: 403 }));
    }
    next();
  };
}
