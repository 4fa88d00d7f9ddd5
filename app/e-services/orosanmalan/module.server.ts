import { commonRetentionLimits, type EServiceModule } from "~/e-services/module.server";
import { orosanmalan } from "./definition.server";
import { orosanmalanPages } from "./module";

export const orosanmalanModule: EServiceModule = {
  pages: orosanmalanPages,
  definition: orosanmalan,
  staffRoles: ["mottagning-barn-unga", "mottagning-vuxna", "skyddad"],
  retentionLimits: commonRetentionLimits,
  receipt: null,
  texts: null,
  jobs: null,
  settings: null,
  setUp: null,
  background: null,
  archivedSchemas: {},
  myPagesNotices: null,
};
