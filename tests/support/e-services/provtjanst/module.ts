import type { EServicePages } from "~/e-services/module";
import { ConfirmStep } from "./confirm-step";
import { ProvtjanstEntry } from "./entry";

export const provtjanstPages: EServicePages = {
  id: "provtjanst",
  slug: "provtjanst",
  moreNamespaces: [],
  onStartPage: false,
  entry: ProvtjanstEntry,
  customSteps: { bekrafta: ConfirmStep },
  reviewPanel: null,
  receiptPage: null,
  routes: [],
};
