import { readFileSync } from "node:fs";
import path from "node:path";
import type { ErrorRequestHandler } from "express";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "#db/availability";
import { projectRoot } from "#db/project-root";
import { languageCookie } from "../i18n/language-cookie.server";
import { defaultLanguage, isLanguageCode, languageOf, type LanguageCode } from "../i18n/languages";
import type { Logger } from "../logger.server";

type ErrorTexts = { title: string; body: string; back: string };

const cache = new Map<string, Record<"server" | "badRequest" | "unavailable", ErrorTexts>>();
function textsFor(code: string, status: number): ErrorTexts {
  let errors = cache.get(code);
  if (!errors) {
    errors = JSON.parse(readFileSync(path.join(projectRoot, "locales", code, "common.json"), "utf8")).errors;
    cache.set(code, errors!);
  }
  return status < 500 ? errors!.badRequest : status === 503 ? errors!.unavailable : errors!.server;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The language as every page picks it (app/i18n/i18next.server.ts): ?lng=, else the cookie,
 * else the first Accept-Language the portal speaks, else Swedish.
 */
export async function errorPageLanguage(url: URL, headers: { cookie?: string | null; acceptLanguage?: string | null }) {
  const query = url.searchParams.get("lng");
  const cookie: unknown = await languageCookie.parse(headers.cookie ?? null).catch(() => null);
  const accepted = (headers.acceptLanguage ?? "")
    .split(",")
    .map((part) => part.split(";")[0]!.trim().toLowerCase().split("-")[0])
    .find(isLanguageCode);
  return [query, cookie, accepted].find(isLanguageCode) ?? defaultLanguage;
}

/** A plain page in the visitor's language: no scripts, no stack trace. */
export function errorPageHtml(code: LanguageCode, status: number, again = "/"): string {
  const language = languageOf(code);
  const texts = textsFor(language.code, status);
  return (
    `<!doctype html><html lang="${language.htmlLang}" dir="${language.dir}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(texts.title)}</title></head>` +
    `<body><main><h1>${escape(texts.title)}</h1><p>${escape(texts.body)}</p><p><a href="${escape(again)}">${escape(texts.back)}</a></p></main></body></html>`
  );
}

/** "Try again" reloads the page that failed; the path is our own (never another host). */
export const sameSitePath = (pathAndQuery: string) => `/${pathAndQuery.replace(/^[/\\]+/, "")}`;

/**
 * The last line of defence for errors outside Remix (a broken request body, a crashed
 * middleware): a plain page in the visitor's language, never a stack trace. A database that
 * cannot be reached is a 503 with "try again" (the driver reconnects by itself).
 */
export function fallbackErrorPage(logger: Logger): ErrorRequestHandler {
  return async (error, req, res, _next) => {
    const unavailable = isDatabaseUnavailable(error);
    const status = unavailable
      ? 503
      : typeof error?.status === "number" && error.status >= 400 && error.status < 600
        ? error.status
        : 500;
    if (unavailable) logger.warn({ requestId: req.id, err: error }, "database unavailable");
    else logger.error({ requestId: req.id, err: error }, "request failed outside the app");
    if (res.headersSent) return res.end();
    if (unavailable) res.set("Retry-After", String(RETRY_AFTER_SECONDS));
    const code = await errorPageLanguage(new URL(req.originalUrl, "http://portal.invalid"), {
      cookie: req.headers.cookie,
      acceptLanguage: req.get("accept-language"),
    });
    const again = unavailable && req.method === "GET" ? sameSitePath(req.originalUrl) : "/";
    res
      .status(status)
      .type("html")
      .set("Cache-Control", "no-store")
      .send(errorPageHtml(code, status, again));
  };
}
