import { forsorjningsstodPages } from "~/e-services/forsorjningsstod/module";
import type { EServicePages } from "~/e-services/module";
import { orosanmalanPages } from "~/e-services/orosanmalan/module";
import { samarbetssamtalPages } from "~/e-services/samarbetssamtal/module";
import { provtjanstPages } from "./provtjanst/module";

/**
 * The registry's browser list in tests (in place of app/e-services/list.ts): the portal's
 * services and the test-only fourth one, which lives whole in ./provtjanst.
 */
export const eServicePagesList: readonly EServicePages[] = [
  orosanmalanPages,
  forsorjningsstodPages,
  samarbetssamtalPages,
  provtjanstPages,
];
