/** Every page a visitor can reach without logging in, for the accessibility and no-JavaScript sweeps. */
export const publicPages = [
  { path: "/", name: "start" },
  { path: "/tillganglighet", name: "accessibility statement" },
  { path: "/personuppgifter", name: "privacy" },
  { path: "/api/robot/v1", name: "robot API documentation" },
  { path: "/finns-inte", name: "not found", status: 404 },
  { path: "/logga-in", name: "login" },
  { path: "/personal/logga-in", name: "staff login" },
  { path: "/utloggad", name: "logged out" },
  { path: "/logga-in/callback?state=forged", name: "failed login", status: 400 },
] as const;

/** Pages behind a login: who to log in as, and where to look. */
export const residentPages = [{ path: "/mina-sidor", name: "my pages" }] as const;
/**
 * The staff console's pages, each with a test staff member whose roles open it (see
 * app/staff/access.ts). Pages that need data (an item, a draft, a conversation) are swept by
 * tests/e2e/staff.test.ts once it has made them.
 */
export const staffPages = [
  { path: "/personal", name: "staff start", as: "sara" },
  { path: "/personal/koer", name: "queue overview", as: "sara" },
  { path: "/personal/koer/mottagning-barn-unga", name: "one queue's manual handling", as: "sara" },
  { path: "/personal/meddelanden", name: "messages from residents", as: "sara" },
  { path: "/personal/registrera", name: "register for someone", as: "sara" },
  { path: "/personal/registrera/person?tjanst=forsorjningsstod&kanal=paper", name: "the person", as: "elin" },
  { path: "/personal/uppfoljning", name: "follow-up figures", as: "sara" },
  { path: "/personal/familjeratt/tider", name: "bookable times", as: "frida" },
  { path: "/personal/familjeratt/bokningar", name: "booked talks", as: "frida" },
  { path: "/personal/robotar", name: "robot tokens", as: "alva" },
  { path: "/personal/logg", name: "audit log", as: "alva" },
  { path: "/personal/gallring", name: "retention", as: "alva" },
  { path: "/personal/riksnorm", name: "riksnorm years", as: "alva" },
  { path: "/personal/riksnorm/2027", name: "a riksnorm year's form", as: "alva" },
] as const;
