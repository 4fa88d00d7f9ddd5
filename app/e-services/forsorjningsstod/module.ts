import type { EServicePages } from "~/e-services/module";
import { CoApplicantStep } from "./co-applicant-step";
import { ForsorjningsstodEntry } from "./entry";
import { ForsorjningsstodReviewPanel } from "./review-panel";
import { routes } from "./routes";

export const forsorjningsstodPages: EServicePages = {
  id: "forsorjningsstod",
  slug: "forsorjningsstod",
  moreNamespaces: [],
  onStartPage: true,
  entry: ForsorjningsstodEntry,
  customSteps: { medsokande: CoApplicantStep },
  reviewPanel: ForsorjningsstodReviewPanel,
  receiptPage: null,
  routes,
};
