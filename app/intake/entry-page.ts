import type { EServiceDefinition } from "./definition";

/** What an e-service's first page is drawn from: the engine's entry route gives it to the e-service's component. */
export interface EntryPageData {
  serviceId: string;
  slug: string;
  access: EServiceDefinition["access"];
  loggedIn: boolean;
  /** Whether the social services' reception answers the phone now. */
  officeOpen: boolean;
  socialjourPhone: string;
  phone: string;
  estimateOffered: boolean;
}
