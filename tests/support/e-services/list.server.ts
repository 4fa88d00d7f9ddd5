import { forsorjningsstodModule } from "~/e-services/forsorjningsstod/module.server";
import type { EServiceModule } from "~/e-services/module.server";
import { orosanmalanModule } from "~/e-services/orosanmalan/module.server";
import { samarbetssamtalModule } from "~/e-services/samarbetssamtal/module.server";
import { provtjanstModule } from "./provtjanst/module.server";

/** The registry's list in tests (in place of app/e-services/list.server.ts), with the fourth service. */
export const eServiceList: readonly EServiceModule[] = [
  orosanmalanModule,
  forsorjningsstodModule,
  samarbetssamtalModule,
  provtjanstModule,
];
