import { portalNamespaces } from "~/i18n/namespaces";
import { eServicePagesList } from "~/e-services/list";
import type { EServicePages } from "./module";

/**
 * The browser's registry of e-services: what their pages draw (registry.server.ts holds the same
 * services whole). Pages, the start page and i18n read services only from here.
 */
export const eServicePages: readonly EServicePages[] = eServicePagesList;

export function pagesOf(serviceId: string): EServicePages {
  const pages = eServicePages.find((p) => p.id === serviceId);
  if (!pages) throw new Error(`no e-service ${serviceId} in the registry`);
  return pages;
}

/** Each service's texts live in a namespace named by its id. */
export const serviceNamespaces: readonly string[] = eServicePages.map((p) => p.id);

/** The namespaces every intake page may need: the engine's own and every service's. */
export const intakeNamespaces: readonly string[] = [
  "forms",
  "intake",
  ...new Set(eServicePages.flatMap((p) => [p.id, ...p.moreNamespaces])),
];

/** Every namespace of translations: the portal's own and every service's. */
export const allNamespaces: readonly string[] = [...portalNamespaces, ...serviceNamespaces];
