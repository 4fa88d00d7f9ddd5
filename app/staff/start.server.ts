import { zonedInstant } from "~/municipality/time";
import type { RequestContext } from "~/load-context";
import { areaLinks, mayUse, queuesOf, type StaffArea } from "./access";
import { figureContributions } from "~/e-services/registry.server";
import { factsBetween } from "~/figures/facts.server";
import { computeFigures, monthOf, nextMonth } from "~/figures/figures";
import type { Headline } from "~/figures/service-figures";
import { requireArea } from "./guard.server";
import { inbox } from "./messages/messages.server";
import { visibleQueues } from "./queues/pages.server";
import { queueOverview, type QueueOverview } from "./queues/queues.server";

/** The console's start page: what waits in this staff member's queues, unread messages, this month's targets. */

export interface StartData {
  name: string | null;
  roles: string[];
  areas: { area: StaffArea; href: string }[];
  queues: QueueOverview[];
  workable: string[];
  unread: number | null;
  month: string;
  /** This month's headline shares, as the services that add figures of their own give them. */
  headline: Headline[];
  at: string;
}

export async function startLoader(request: Request, context: RequestContext): Promise<StartData> {
  const session = await requireArea(request, context, "start");
  const { roles } = session.staff;
  const { db } = context.services.database;
  const timeZone = context.services.config.municipality.timeZone;
  const month = monthOf(new Date(), timeZone);
  const from = zonedInstant(`${month}-01`, "00:00", timeZone)!;
  const to = zonedInstant(`${nextMonth(month)}-01`, "00:00", timeZone)!;
  const contributing = Object.keys(figureContributions);
  const [figures] = computeFigures(
    await factsBetween(db, from, to),
    [month],
    contributing,
    timeZone,
    figureContributions,
  );
  const messages = mayUse(roles, "messages") ? await inbox(db, queuesOf(roles)) : null;
  return {
    name: session.staff.name,
    roles,
    areas: areaLinks.filter((l) => mayUse(roles, l.area)),
    queues: mayUse(roles, "queues") ? await queueOverview(db, visibleQueues(roles)) : [],
    workable: queuesOf(roles),
    unread: messages ? messages.reduce((n, e) => n + e.unread, 0) : null,
    month,
    headline: contributing.flatMap((service) => figureContributions[service]!.headline(figures!.own[service])),
    at: new Date().toISOString(),
  };
}
