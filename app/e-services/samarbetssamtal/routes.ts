import type { ExtraRoute } from "~/e-services/module";

const dir = "e-services/samarbetssamtal/routes";

/**
 * The service's own routes beside the engine's. Plain data with no imports: app/routes.ts reads
 * it while the route config is built, before the app's aliases exist.
 */
export const routes: readonly ExtraRoute[] = [
  { path: "samarbetssamtal/bokningar", file: `${dir}/my-bookings.tsx` },
  { path: "samarbetssamtal/bokning/:reference", file: `${dir}/booking.tsx` },
  { path: "samarbetssamtal/bokning/:reference/kalender", file: `${dir}/calendar.tsx` },
  { path: "samarbetssamtal/inbjudan/:id", file: `${dir}/invitation.tsx` },
  // The links in notices are neutral (under Mina sidor), so a notice names no service.
  { path: "mina-sidor/bokningar", file: `${dir}/my-pages-bookings.tsx` },
  { path: "mina-sidor/inbjudan/:token", file: `${dir}/invitation-link.tsx` },
  { path: "familjeratt/tider", file: `${dir}/staff-slots.tsx`, within: "staff-console" },
  { path: "familjeratt/bokningar", file: `${dir}/staff-bookings.tsx`, within: "staff-console" },
];
