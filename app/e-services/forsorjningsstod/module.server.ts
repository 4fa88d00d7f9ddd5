import { commonRetentionLimits, type EServiceModule } from "~/e-services/module.server";
import { forsorjningsstod } from "./definition.server";
import { forsorjningsstodFigures } from "./figures";
import { forsorjningsstodPages } from "./module";
import { installRiksnormTables } from "./riksnorm-tables";

export const forsorjningsstodModule: EServiceModule = {
  pages: forsorjningsstodPages,
  definition: forsorjningsstod,
  staffRoles: ["ekonomiskt-bistand"],
  // A household often needs a week or more to gather bank statements and proofs of costs.
  retentionLimits: { ...commonRetentionLimits, draftDays: { min: 7, max: 90, reason: "draftDocuments" } },
  figures: forsorjningsstodFigures,
  receipt: null,
  texts: null,
  jobs: null,
  // Riksnorm tables a municipality added in RIKSNORM_FILE, beside the shipped ones.
  setUp: (config) => installRiksnormTables(config.riksnorm.tables),
};
