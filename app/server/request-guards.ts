import type { RequestHandler } from "express";
import { errorPageHtml, errorPageLanguage } from "./fallback-error-page";

/** What the portal's pages serve. The robot API answers other methods itself, in JSON. */
const SERVED = new Set(["GET", "HEAD", "POST"]);

/**
 * Any other method (TRACE, PUT, OPTIONS, …) is answered 405 at once, in the visitor's language,
 * before it reaches Remix (which fails on methods the Fetch API will not build, such as TRACE).
 */
export function onlyServedMethods(except: string): RequestHandler {
  return async (req, res, next) => {
    if (SERVED.has(req.method) || req.path.startsWith(`${except}/`)) return next();
    const code = await errorPageLanguage(new URL(req.originalUrl, "http://portal.invalid"), {
      cookie: req.headers.cookie,
      acceptLanguage: req.get("accept-language"),
    });
    res.status(405).set("Allow", "GET, HEAD, POST").set("Cache-Control", "no-store").type("html");
    res.send(errorPageHtml(code, 405));
  };
}

const PROBES = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * Outside production, a page opened at another address of the same machine (127.0.0.1 for
 * localhost) is sent to `PUBLIC_URL` first: logins, cookies and the development identity
 * provider only work on that origin. The path is kept; the host is never taken from the request.
 */
export function toPublicOrigin(publicUrl: URL): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.headers.host === publicUrl.host) return next();
    // Probes and scrapers reach a process by its own address.
    if (!req.originalUrl.startsWith("/") || PROBES.has(req.path)) return next();
    res.redirect(302, new URL(req.originalUrl.replace(/^\/+/, "/"), publicUrl.origin).href);
  };
}
