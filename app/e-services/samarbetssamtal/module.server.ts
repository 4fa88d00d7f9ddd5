import type { MyPagesNotice } from "~/e-services/module";
import { commonRetentionLimits, type EServiceModule } from "~/e-services/module.server";
import { invitationsFor } from "./invitations.server";
import { samarbetssamtal } from "./definition.server";
import { samarbetssamtalFigures } from "./figures";
import { startBookingJobs } from "./jobs.server";
import { samarbetssamtalPages } from "./module";
import { bookingSettings } from "./settings.server";

/** An invitation to talks waits for the person's answer, given on Mina bokningar. */
const invitationWaiting: MyPagesNotice = {
  id: "invitation",
  heading: "samarbetssamtal:myPagesNotice.heading",
  text: "samarbetssamtal:myPagesNotice.text",
  link: { to: "/mina-sidor/bokningar", label: "samarbetssamtal:myPagesNotice.link" },
};

export const samarbetssamtalModule: EServiceModule = {
  pages: samarbetssamtalPages,
  definition: samarbetssamtal,
  staffRoles: ["familjeratt"],
  retentionLimits: commonRetentionLimits,
  figures: samarbetssamtalFigures,
  // Loaded when first asked for: the pages' server code (and its translations) stays out of the
  // bundles that only start jobs (the portal's process, the migration command).
  receipt: async (...args) => (await import("./pages.server")).bookingReceiptLoader(...args),
  texts: null,
  jobs: startBookingJobs,
  settings: bookingSettings,
  setUp: null,
  background: null,
  archivedSchemas: {},
  myPagesNotices: async (db, person) =>
    (await invitationsFor(db, person.id, person.pnrLookup)).length > 0 ? [invitationWaiting] : [],
};
