import { portalNamespaces } from "~/i18n/namespaces";
import { forsorjningsstodPages } from "./forsorjningsstod/module";
import type { EServicePages } from "./module";
import { orosanmalanPages } from "./orosanmalan/module";
import { samarbetssamtalPages } from "./samarbetssamtal/module";

/**
 * The browser's list of e-services: what their pages draw. registry.server.ts lists the same
 * services, whole; tests/unit/e-service-registry.test.ts keeps the two lists alike. A new
 * service is a folder beside these and a line in each list.
 */
export const eServicePages: readonly EServicePages[] = [orosanmalanPages, forsorjningsstodPages, samarbetssamtalPages];

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
