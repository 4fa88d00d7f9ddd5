import type { ExtraRoute } from "~/e-services/module";

const dir = "e-services/forsorjningsstod/routes";

/**
 * The service's own routes beside the engine's. Plain data with no imports: app/routes.ts reads
 * it while the route config is built, before the app's aliases exist.
 */
export const routes: readonly ExtraRoute[] = [
  // The administrator keeps the riksnorm table the estimate uses (decision 016).
  { path: "riksnorm", file: `${dir}/staff-riksnorm.tsx`, within: "staff-console" },
  { path: "riksnorm/:year", file: `${dir}/staff-riksnorm-year.tsx`, within: "staff-console" },
];
