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
export const staffPages = [{ path: "/personal", name: "staff start" }] as const;
