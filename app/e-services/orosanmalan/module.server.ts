import { commonRetentionLimits, type EServiceModule } from "~/e-services/module.server";
import { orosanmalan } from "./definition.server";
import { orosanmalanFigures } from "./figures";
import { orosanmalanPages } from "./module";

export const orosanmalanModule: EServiceModule = {
  pages: orosanmalanPages,
  definition: orosanmalan,
  staffRoles: ["mottagning-barn-unga", "mottagning-vuxna", "skyddad"],
  retentionLimits: commonRetentionLimits,
  figures: orosanmalanFigures,
  receipt: null,
  texts: null,
  jobs: null,
  settings: null,
  setUp: null,
  background: null,
  archivedSchemas: {},
  myPagesNotices: null,
};
