import { createCookie } from "@remix-run/node";

/** Remembers a chosen language for a year; only the server reads it. */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});
