import { commonRetentionLimits, type EServiceModule } from "~/e-services/module.server";
import { forsorjningsstod } from "./definition.server";
import { forsorjningsstodFigures } from "./figures";
import { forsorjningsstodPages } from "./module";
import { startRiksnormRefresh } from "./riksnorm-store.server";
import { installRiksnormTables } from "./riksnorm-tables";
import { riksnormSettings } from "./settings.server";
import version1Schema from "./schema-version-1.json";

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
  settings: riksnormSettings,
  // Riksnorm tables a municipality added in RIKSNORM_FILE, beside the shipped ones.
  setUp: (config) => installRiksnormTables(riksnormSettings.of(config).tables),
  // The riksnorm years published in the staff console, beside the shipped and RIKSNORM_FILE ones.
  background: ({ db, logger }) => startRiksnormRefresh(db, logger),
  archivedSchemas: { 1: version1Schema },
  myPagesNotices: null,
};
