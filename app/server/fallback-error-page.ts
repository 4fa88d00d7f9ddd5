import { readFileSync } from "node:fs";
import path from "node:path";
import type { ErrorRequestHandler } from "express";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "#db/availability";
import { projectRoot } from "#db/project-root";
import { languageCookie } from "../i18n/language-cookie.server";
import { defaultLanguage, isLanguageCode, languageCodes, languageOf } from "../i18n/languages";
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
    // As every page picks it: ?lng=, else the cookie, else Accept-Language, else Swedish.
    const query = typeof req.query.lng === "string" ? req.query.lng : undefined;
    const cookie: unknown = await languageCookie.parse(req.headers.cookie ?? null).catch(() => null);
    const accepted = req.acceptsLanguages(...languageCodes);
    const code = [query, cookie, accepted].find(isLanguageCode) ?? defaultLanguage;
    const language = languageOf(code);
    const texts = textsFor(language.code, status);
    // "Try again" reloads the page that failed; the path is our own (never another host).
    const again = unavailable && req.method === "GET" ? `/${req.originalUrl.replace(/^[/\\]+/, "")}` : "/";
    res
      .status(status)
      .type("html")
      .set("Cache-Control", "no-store")
      .send(
        `<!doctype html><html lang="${language.htmlLang}" dir="${language.dir}"><head><meta charset="utf-8">` +
          `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(texts.title)}</title></head>` +
          `<body><main><h1>${escape(texts.title)}</h1><p>${escape(texts.body)}</p><p><a href="${escape(again)}">${escape(texts.back)}</a></p></main></body></html>`,
      );
  };
}
