import { forsorjningsstodPages } from "./forsorjningsstod/module";
import type { EServicePages } from "./module";
import { orosanmalanPages } from "./orosanmalan/module";
import { samarbetssamtalPages } from "./samarbetssamtal/module";

/**
 * The e-services the portal runs, as the browser knows them (their pages). list.server.ts lists
 * the same services whole, in the same order; the registry test keeps the two alike. A new
 * service is a folder beside these and a line in each list.
 */
export const eServicePagesList: readonly EServicePages[] = [
  orosanmalanPages,
  forsorjningsstodPages,
  samarbetssamtalPages,
];
