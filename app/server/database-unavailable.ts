import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "#db/availability";
import { errorPageHtml, errorPageLanguage, sameSitePath } from "./fallback-error-page";

/**
 * Loaders and actions that fail because the database cannot be reached answer 503 with the
 * translated "try again" page (root ErrorBoundary, errors.unavailable), never a 500. Done once
 * here, around every route module of the build, so no route needs to know.
 */
type Handler = (...args: never[]) => unknown;

/** A resource route (no page of its own: a form target, a PDF) answers with the plain page. */
async function unavailablePage(request: Request | undefined): Promise<Response> {
  const headers = new Headers({ "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" });
  if (!request) return new Response(null, { status: 503, headers });
  const url = new URL(request.url);
  const code = await errorPageLanguage(url, {
    cookie: request.headers.get("cookie"),
    acceptLanguage: request.headers.get("accept-language"),
  });
  headers.set("Content-Type", "text/html; charset=utf-8");
  const again = request.method === "GET" ? sameSitePath(url.pathname + url.search) : "/";
  return new Response(errorPageHtml(code, 503, again), { status: 503, headers });
}

function guarded<T extends Handler | undefined>(handler: T, hasPage: boolean): T {
  if (!handler) return handler;
  return (async (...args: Parameters<NonNullable<T>>) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        const { context, request } = (args[0] ?? {}) as { context?: AppLoadContext; request?: Request };
        context?.services.logger.warn({ requestId: context.requestId, err: error }, "database unavailable");
        // A thrown Response: Remix renders the page's ErrorBoundary (errors.unavailable) for it.
        if (hasPage) throw new Response(null, { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } });
        throw await unavailablePage(request);
      }
      throw error;
    }
  }) as T;
}

export function withDatabaseUnavailableAs503(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const { module } = route;
    routes[id] = {
      ...route,
      module: {
        ...module,
        loader: guarded(module.loader, !!module.default),
        action: guarded(module.action, !!module.default),
      },
    };
  }
  return { ...build, routes };
}
