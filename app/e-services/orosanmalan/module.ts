import type { EServicePages } from "~/e-services/module";
import { OrosanmalanEntry } from "./entry";

export const orosanmalanPages: EServicePages = {
  id: "orosanmalan",
  slug: "orosanmalan",
  moreNamespaces: [],
  onStartPage: true,
  entry: OrosanmalanEntry,
  customSteps: {},
  reviewPanel: null,
  receiptPage: null,
  routes: [],
};
