import { OrosanmalanEntry } from "./orosanmalan/entry";

/** Each e-service's first page, by service id. */
export const entryPages = {
  orosanmalan: OrosanmalanEntry,
};
