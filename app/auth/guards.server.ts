import { data, redirect } from "@remix-run/node";
import { auditRefusal } from "../audit/refusal.server";
import type { RequestContext } from "../load-context";
import type { CurrentSession } from "./sessions.server";
import type { StaffRole } from "./staff-roles";

export type ResidentSession = Extract<CurrentSession, { kind: "resident" }>;
export type StaffSession = Extract<CurrentSession, { kind: "staff" }>;

const here = (request: Request) => {
  const url = new URL(request.url);
  return url.pathname + url.search;
};

/** The logged-in resident, or a redirect to log in and come back here. */
export function requireResident(request: Request, context: RequestContext): ResidentSession {
  const { session } = context;
  if (session?.kind === "resident") return session;
  throw redirect(`/logga-in?${new URLSearchParams({ returnTo: here(request) })}`);
}

/**
 * A logged-in staff member holding one of `roles` (any role when none are named). A resident
 * never gets in; a staff member without the role gets 403, and the attempt is audited.
 */
export async function requireStaff(
  request: Request,
  context: RequestContext,
  roles: StaffRole[] = [],
): Promise<StaffSession> {
  const { session } = context;
  if (!session) throw redirect(`/personal/logga-in?${new URLSearchParams({ returnTo: here(request) })}`);
  const allowed =
    session.kind === "staff" && (roles.length === 0 || session.staff.roles.some((role) => roles.includes(role)));
  if (allowed) return session as StaffSession;
  await auditRefusal(context, { kind: "page", id: new URL(request.url).pathname });
  throw data(null, { status: 403 });
}
