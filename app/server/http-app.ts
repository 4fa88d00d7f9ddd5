import { readdirSync } from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { ViteDevServer } from "vite";
import { projectRoot } from "#db/project-root";
import { createDevIdentityProvider } from "../auth/dev-idp/provider.server";
import { csrfProtection } from "../auth/csrf.server";
import { sessionContext } from "../auth/session-middleware.server";
import type { RequestContext } from "../load-context";
import type { Services } from "../services.server";
import { metricsEndpoint } from "../metrics/metrics.server";
import { ROBOT_API_PATH, robotApiForServices } from "../queue/robot-api.server";
import { compressResponses } from "./compression";
import { precompressedAssets } from "./precompressed-assets";
import { withDatabaseUnavailableAs503 } from "./database-unavailable";
import { fallbackErrorPage } from "./fallback-error-page";
import { healthz, readyz } from "./health";
import { onlyServedMethods, toPublicOrigin } from "./request-guards";
import { requestLogging } from "./request-logging";
import { cspNonce, foreignOrigins, securityHeaders } from "./security-headers";

export interface HttpAppOptions {
  services: Services;
  /** The built Remix app, or Vite's dev server that builds it on demand. */
  remix: { build: ServerBuild } | { vite: ViteDevServer };
  isShuttingDown: () => boolean;
}

/** The portal's HTTP surface: static files, health, security headers, then Remix. */
export function createHttpApp({ services, remix, isShuttingDown }: HttpAppOptions) {
  const { config, logger } = services;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  // Express would otherwise pick a query parser that builds nested objects from user input.
  app.set("query parser", "simple");

  // Every response carries the security headers: health checks, metrics and early errors too.
  app.use(cspNonce);
  app.use(
    securityHeaders({
      https: config.secure,
      // Logging out may continue at the identity provider after our form posts.
      formActionOrigins: [...new Set([config.auth.resident.issuer.origin, config.auth.staff.issuer.origin])],
      imageOrigins: foreignOrigins(config.publicUrl, [config.municipality.logo.src]),
      viteDev: "vite" in remix,
    }),
  );
  app.use(onlyServedMethods(ROBOT_API_PATH));
  if (!config.production) app.use(toPublicOrigin(config.publicUrl));

  // Absolute URLs are built from the configured address, never from what a client claims.
  app.use((req, _res, next) => {
    if (!req.url.startsWith("/"))
      return next(Object.assign(new Error("request target is not a path"), { status: 400 }));
    req.headers.host = config.publicUrl.host;
    delete req.headers["x-forwarded-host"];
    next();
  });

  app.get("/healthz", healthz);
  app.get("/readyz", readyz(services, isShuttingDown));
  // Prometheus scrapes every few seconds: kept out of the request log like the health checks.
  app.get("/metrics", metricsEndpoint(services.metrics, config.metricsToken, logger));

  app.use(requestLogging(logger));
  // Robots authenticate with bearer tokens and send no cookies, so CSRF does not apply to them;
  // their errors are JSON. GET /api/robot/v1 itself falls through to Remix (the readable page).
  app.use(ROBOT_API_PATH, robotApiForServices(services));
  app.use(csrfProtection({ secret: config.secrets.session, secure: config.secure, origin: config.publicUrl.origin }));

  const devIdp = config.auth.devIdentityProvider;
  if (devIdp) {
    app.use(
      devIdp.issuer.pathname,
      createDevIdentityProvider({
        issuer: devIdp.issuer,
        resident: config.auth.resident,
        staff: config.auth.staff,
        residentClaims: config.auth.residentClaims,
        protectedIdentityClaim: config.auth.protectedIdentityClaim,
        staffClaims: config.auth.staffClaims,
        logger,
      }),
    );
  }

  // Everything below (translations, assets, pages) goes out compressed where it helps.
  app.use(compressResponses());
  // Translations for the browser's i18next; small, so revalidated rather than cached long.
  app.use(
    "/locales",
    express.static(path.join(projectRoot, "locales"), { maxAge: 0, etag: true, fallthrough: false, index: false }),
  );

  // In production the loaded build itself: given a function, Remix re-derives the route tree on
  // every request (meant for development, where the build changes under it).
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if ("vite" in remix) {
    const { vite } = remix;
    app.use(vite.middlewares);
    build = async () =>
      withDatabaseUnavailableAs503((await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild);
  } else {
    const client = path.join(projectRoot, "build", "client");
    // Fingerprinted by Vite, so they never change under the same name.
    app.use("/assets", precompressedAssets(path.join(client, "assets")));
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y", index: false }));
    // Only the few files at the top of the client build (favicon, logo): asking the file system
    // about every page's address first cost a stat call per page (≈ 5 % of a page's CPU).
    const topLevel = new Set(
      readdirSync(client, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => `/${entry.name}`),
    );
    const topLevelFiles = express.static(client, { maxAge: "1h", index: false });
    app.use((req, res, next) => (topLevel.has(req.path) ? topLevelFiles(req, res, next) : next()));
    build = withDatabaseUnavailableAs503(remix.build);
  }

  app.use(sessionContext(services));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "vite" in remix ? "development" : "production",
      getLoadContext: (req, res): RequestContext => ({
        services,
        cspNonce: res.locals.cspNonce as string,
        requestId: String(req.id),
        csrfToken: res.locals.csrfToken as string,
        session: res.locals.session ?? null,
        client: { ip: req.ip ?? null, userAgent: req.get("user-agent") ?? null },
      }),
    }),
  );

  app.use(fallbackErrorPage(logger));
  return app;
}
