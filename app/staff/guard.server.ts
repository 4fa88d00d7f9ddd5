import type { Actor } from "~/audit/audit.server";
import { requireStaff, type StaffSession } from "~/auth/guards.server";
import type { RequestContext } from "~/load-context";
import { areaRoles, type StaffArea } from "./access";

/** The staff member, if they hold a role for this area of the console; 403 (audited) otherwise. */
export const requireArea = (request: Request, context: RequestContext, area: StaffArea): Promise<StaffSession> =>
  requireStaff(request, context, areaRoles[area]);

export const staffActor = (session: StaffSession): Actor & { kind: "staff" } => ({
  kind: "staff",
  id: session.staff.subject,
});

/** A uuid, or nothing: a tampered id is a 404 before any query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
