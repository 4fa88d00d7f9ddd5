import type { RequestHandler } from "express";
import { isMigrated } from "#db/connect";
import type { Services } from "../services.server";

/** Alive: the process answers. */
export const healthz: RequestHandler = (_req, res) => {
  res.set("Cache-Control", "no-store").json({ status: "ok" });
};

/** Ready: the database answers and holds every migration this build ships. */
export function readyz(services: Services, isShuttingDown: () => boolean): RequestHandler {
  return async (_req, res) => {
    res.set("Cache-Control", "no-store");
    if (isShuttingDown()) {
      res.status(503).json({ status: "shutting-down" });
      return;
    }
    const migrated = await isMigrated(services.database.db).catch(() => false);
    res.status(migrated ? 200 : 503).json({ status: migrated ? "ready" : "database-unavailable" });
  };
}
