import type { ForsorjningsstodFigures } from "~/e-services/forsorjningsstod/figures";
import type { OrosanmalanFigures } from "~/e-services/orosanmalan/figures";
import type { SamarbetssamtalFigures } from "~/e-services/samarbetssamtal/figures";
import type { MonthFigures } from "~/figures/figures";

/** A month's own figures of the portal's three services, typed as each service computes them. */
export const own = (m: MonthFigures) => ({
  forsorjningsstod: m.own.forsorjningsstod as ForsorjningsstodFigures,
  orosanmalan: m.own.orosanmalan as OrosanmalanFigures,
  samarbetssamtal: m.own.samarbetssamtal as SamarbetssamtalFigures,
});
