/** Every page a visitor can reach without logging in, for the accessibility and no-JavaScript sweeps. */
export const publicPages = [
  { path: "/", name: "start" },
  { path: "/tillganglighet", name: "accessibility statement" },
  { path: "/personuppgifter", name: "privacy" },
  { path: "/finns-inte", name: "not found", status: 404 },
] as const;
