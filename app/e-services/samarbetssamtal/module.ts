import { receiptPage, type EServicePages } from "~/e-services/module";
import { SamarbetssamtalEntry } from "./entry";
import { routes } from "./routes";
import { BookingReceiptPage } from "./pages";
import { SlotStep, TalkStep } from "./steps";

export const samarbetssamtalPages: EServicePages = {
  id: "samarbetssamtal",
  slug: "samarbetssamtal",
  moreNamespaces: [],
  onStartPage: true,
  entry: SamarbetssamtalEntry,
  customSteps: { samtal: TalkStep, tid: SlotStep },
  reviewPanel: null,
  // The engine's receipt with the booked time and its calendar file.
  receiptPage: receiptPage(BookingReceiptPage),
  routes,
};
