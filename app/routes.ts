import { flatRoutes } from "@remix-run/fs-routes";
import { route, type RouteConfig, type RouteConfigEntry } from "@remix-run/route-config";
import type { ExtraRoute } from "./e-services/module";

/** The staff console's layout route (app/routes/personal._konsol.tsx), which staff pages of a service sit in. */
const STAFF_CONSOLE = "routes/personal._konsol";

/**
 * Each e-service's extra routes, from its folder's routes.ts: the route config is built before the
 * app's aliases exist, so the registry (whose components import through them) cannot be read here.
 * The registry test checks that each registered service's `routes` are its routes.ts.
 */
const declared = import.meta.glob<{ routes: readonly ExtraRoute[] }>("./e-services/*/routes.ts", { eager: true });

/**
 * The portal's own routes (app/routes/, flat-file names) and each e-service's extra routes as its
 * module declares them. A declared address that a file route already answers is a defect: it
 * stops the build instead of silently replacing the other.
 */
async function routes(): Promise<RouteConfigEntry[]> {
  const tree = await flatRoutes();
  const staffConsole = tree.find((entry) => entry.id === STAFF_CONSOLE);
  if (!staffConsole) throw new Error(`route config: ${STAFF_CONSOLE} is missing`);
  const taken = new Set(addresses(tree));
  for (const extra of Object.values(declared).flatMap((service) => service.routes)) {
    const address = extra.within === "staff-console" ? `${staffConsole.path}/${extra.path}` : extra.path;
    const normalised = normalise(address);
    if (taken.has(normalised)) throw new Error(`route config: /${address} is declared twice`);
    taken.add(normalised);
    const entry = route(extra.path, extra.file);
    if (extra.within === "staff-console") (staffConsole.children ??= []).push(entry);
    else tree.push(entry);
  }
  return tree;
}

const normalise = (address: string) => address.replace(/:[^/]+/g, ":");

/** Every address the tree answers (without the leading slash; parameters by position). */
function addresses(entries: RouteConfigEntry[], parent = ""): string[] {
  return entries.flatMap((entry) => {
    const own = [parent, entry.path ?? ""].filter(Boolean).join("/");
    return [...(entry.path !== undefined ? [normalise(own)] : []), ...addresses(entry.children ?? [], own)];
  });
}

export default routes() satisfies RouteConfig;
