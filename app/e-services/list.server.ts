import { forsorjningsstodModule } from "./forsorjningsstod/module.server";
import type { EServiceModule } from "./module.server";
import { orosanmalanModule } from "./orosanmalan/module.server";
import { samarbetssamtalModule } from "./samarbetssamtal/module.server";

/** The e-services the portal runs, whole (list.ts lists their pages for the browser). */
export const eServiceList: readonly EServiceModule[] = [
  orosanmalanModule,
  forsorjningsstodModule,
  samarbetssamtalModule,
];
