import { staffRoles, type StaffRole } from "~/auth/staff-roles";
import { queueNames, queueRole, type QueueName } from "~/intake/definition";

/**
 * Who may use which part of the staff console. One table, read by the pages' guards, the start
 * page's menu and the role tests. Each reception role works its own queues; the restricted queue
 * needs the role "skyddad"; the administrator manages robots, the audit log and retention, and
 * sees how the queues flow (counts only, never content), and keeps the riksnorm table the
 * försörjningsstöd estimate uses.
 */

/** The roles that work a queue. */
export const queueRoles: StaffRole[] = [
  "mottagning-barn-unga",
  "mottagning-vuxna",
  "ekonomiskt-bistand",
  "familjeratt",
  "skyddad",
];

/** The queues a staff member with these roles works. */
export const queuesOf = (roles: readonly StaffRole[]): QueueName[] =>
  queueNames.filter((queue) => roles.includes(queueRole[queue]));

export const mayWorkQueue = (roles: readonly StaffRole[], queue: string): queue is QueueName =>
  (queueNames as readonly string[]).includes(queue) && roles.includes(queueRole[queue as QueueName]);

export type StaffArea =
  | "start"
  | "queues"
  | "assisted"
  | "slots"
  | "bookings"
  | "unitList"
  | "messages"
  | "figures"
  | "tokens"
  | "audit"
  | "retention"
  | "riksnorm";

/** The roles each area of the console needs (any one of them). */
export const areaRoles: Record<StaffArea, StaffRole[]> = {
  start: [...staffRoles],
  queues: [...queueRoles, "administrator"],
  assisted: ["mottagning-barn-unga", "mottagning-vuxna", "skyddad", "ekonomiskt-bistand", "familjeratt"],
  slots: ["familjeratt"],
  bookings: ["familjeratt"],
  // Requests kept out of the case system; a protected parent's stay with the restricted queue's staff.
  unitList: ["familjeratt", "skyddad"],
  messages: [...queueRoles],
  // The figures hold no personal data: everyone who follows the targets may see them.
  figures: [...staffRoles],
  tokens: ["administrator"],
  audit: ["administrator"],
  retention: ["administrator"],
  riksnorm: ["administrator"],
};

export const mayUse = (roles: readonly StaffRole[], area: StaffArea) =>
  areaRoles[area].some((role) => roles.includes(role));

/** The start page's menu, in the order it is shown. */
export const areaLinks: { area: StaffArea; href: string }[] = [
  { area: "queues", href: "/personal/koer" },
  { area: "messages", href: "/personal/meddelanden" },
  { area: "assisted", href: "/personal/registrera" },
  { area: "slots", href: "/personal/familjeratt/tider" },
  { area: "bookings", href: "/personal/familjeratt/bokningar" },
  { area: "unitList", href: "/personal/familjeratt/forfragningar" },
  { area: "figures", href: "/personal/uppfoljning" },
  { area: "tokens", href: "/personal/robotar" },
  { area: "audit", href: "/personal/logg" },
  { area: "retention", href: "/personal/gallring" },
  { area: "riksnorm", href: "/personal/riksnorm" },
];
