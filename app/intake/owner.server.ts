import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { portalCookie } from "../auth/cookies.server";
import type { RequestContext } from "../load-context";
import type { EServiceDefinition } from "./definition";
import type { DraftOwner } from "./drafts.server";

/** The browser token that owns anonymous drafts: random, and stored only as a hash. */
export const anonymousCookie = (secure: boolean) => portalCookie("ingang-anon", secure);
const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * The owner of the drafts a staff member fills in on someone's behalf (the assisted and paper
 * channels, app/staff/assisted): kept in the anonymous-token column under a prefix no browser
 * token can have, so only that staff member's session opens them.
 */
export const staffDraftOwner = (subject: string): DraftOwner => ({ anonymousTokenHash: `staff:${hashToken(subject)}` });

/**
 * Who is filling in this service: the logged-in person, a staff member registering on someone's
 * behalf, or (where the service allows it) the anonymous browser. A service that needs a login
 * sends a visitor to log in first.
 */
export function currentOwner(
  request: Request,
  context: RequestContext,
  definition: EServiceDefinition,
): DraftOwner | null {
  const { session } = context;
  if (session?.kind === "resident") return { personId: session.person.id };
  if (session?.kind === "staff") return staffDraftOwner(session.staff.subject);
  if (definition.access === "login") {
    const url = new URL(request.url);
    throw redirect(`/logga-in?${new URLSearchParams({ returnTo: url.pathname + url.search })}`);
  }
  const token = anonymousCookie(context.services.config.secure).read(request.headers.get("cookie"));
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? { anonymousTokenHash: hashToken(token) } : null;
}

/** A new anonymous owner and the cookie that carries it. */
export function newAnonymousOwner(context: RequestContext): { owner: DraftOwner; setCookie: string } {
  const token = randomBytes(32).toString("base64url");
  return {
    owner: { anonymousTokenHash: hashToken(token) },
    setCookie: anonymousCookie(context.services.config.secure).set(token),
  };
}
