import { commonRetentionLimits, type EServiceModule } from "~/e-services/module.server";
import { samarbetssamtal } from "./definition.server";
import { samarbetssamtalFigures } from "./figures";
import { startBookingJobs } from "./jobs.server";
import { samarbetssamtalPages } from "./module";

export const samarbetssamtalModule: EServiceModule = {
  pages: samarbetssamtalPages,
  definition: samarbetssamtal,
  staffRoles: ["familjeratt"],
  retentionLimits: commonRetentionLimits,
  figures: samarbetssamtalFigures,
  // Loaded when first asked for: the pages' server code (and its translations) stays out of the
  // bundles that only start jobs (the portal's process, the migration command).
  receipt: async (...args) => (await import("./pages.server")).bookingReceiptLoader(...args),
  texts: null,
  jobs: startBookingJobs,
  setUp: null,
};
