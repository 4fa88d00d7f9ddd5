import { OrosanmalanEntry } from "./orosanmalan/entry";
import { ForsorjningsstodEntry } from "./forsorjningsstod/entry";
import { SamarbetssamtalEntry } from "./samarbetssamtal/entry";

/** Each e-service's first page, by service id. */
export const entryPages = {
  orosanmalan: OrosanmalanEntry,
  forsorjningsstod: ForsorjningsstodEntry,
  samarbetssamtal: SamarbetssamtalEntry,
};
