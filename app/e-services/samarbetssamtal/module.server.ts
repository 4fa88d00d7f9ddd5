import { commonRetentionLimits, type EServiceModule } from "~/e-services/module.server";
import { samarbetssamtal } from "./definition.server";
import { startBookingJobs } from "./jobs.server";
import { samarbetssamtalPages } from "./module";
import { bookingSettings } from "./settings.server";

export const samarbetssamtalModule: EServiceModule = {
  pages: samarbetssamtalPages,
  definition: samarbetssamtal,
  staffRoles: ["familjeratt"],
  retentionLimits: commonRetentionLimits,
  // Loaded when first asked for: the pages' server code (and its translations) stays out of the
  // bundles that only start jobs (the portal's process, the migration command).
  receipt: async (...args) => (await import("./pages.server")).bookingReceiptLoader(...args),
  texts: null,
  jobs: startBookingJobs,
  settings: bookingSettings,
  setUp: null,
  background: null,
  archivedSchemas: {},
  myPagesNotices: null,
};
