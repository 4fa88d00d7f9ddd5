import { data, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "#db/availability";

/**
 * Loaders and actions that fail because the database cannot be reached answer 503 with the
 * translated "try again" page (root ErrorBoundary, errors.unavailable), never a 500. Done once
 * here, around every route module of the build, so no route needs to know.
 */
type Handler = (...args: never[]) => unknown;

function guarded<T extends Handler | undefined>(handler: T): T {
  if (!handler) return handler;
  return (async (...args: Parameters<NonNullable<T>>) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        const context = (args[0] as { context?: AppLoadContext } | undefined)?.context;
        context?.services.logger.warn({ requestId: context.requestId, err: error }, "database unavailable");
        throw data(null, { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } });
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
      module: { ...module, loader: guarded(module.loader), action: guarded(module.action) },
    };
  }
  return { ...build, routes };
}
