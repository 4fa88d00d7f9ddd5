import { readFileSync } from "node:fs";
import path from "node:path";
import type { EServiceModule } from "~/e-services/module.server";
import { commonRetentionLimits } from "~/e-services/module.server";
import { languageCodes } from "~/i18n/languages";
import { provtjanst } from "./definition.server";
import { provtjanstPages } from "./module";

/** Its texts live beside it, not under the portal's locales/. */
const texts = Object.fromEntries(
  languageCodes.map((language) => [
    language,
    JSON.parse(readFileSync(path.join(import.meta.dirname, "locales", `${language}.json`), "utf8")) as Record<
      string,
      unknown
    >,
  ]),
);

export const provtjanstModule: EServiceModule = {
  pages: provtjanstPages,
  definition: provtjanst,
  staffRoles: ["mottagning-vuxna"],
  retentionLimits: commonRetentionLimits,
  figures: null,
  receipt: null,
  texts,
  jobs: null,
  settings: null,
  setUp: null,
  background: null,
  archivedSchemas: {},
  myPagesNotices: null,
};
