import { commonRetentionLimits, type EServiceModule } from "../module.server";
import { samarbetssamtal } from "./definition.server";
import { startBookingJobs } from "./jobs.server";
import { samarbetssamtalPages } from "./module";
import { bookingReceiptLoader } from "./pages.server";

export const samarbetssamtalModule: EServiceModule = {
  pages: samarbetssamtalPages,
  definition: samarbetssamtal,
  staffRoles: ["familjeratt"],
  retentionLimits: commonRetentionLimits,
  receipt: bookingReceiptLoader,
  jobs: startBookingJobs,
  setUp: null,
};
