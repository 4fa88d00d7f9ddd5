import type { ServiceFigures } from "~/figures/service-figures";
import type { EServiceDefinition } from "~/intake/definition";
import { eServiceList } from "~/e-services/list.server";
import type { EServiceModule } from "./module.server";

/**
 * Every e-service the portal runs, whole. The engine, the staff console, the start page, i18n
 * and the routes read services only from here (and the browser from registry.ts, the same
 * services' client halves).
 */
export const eServices: readonly EServiceModule[] = eServiceList;

/** The texts services bring in their modules (those kept outside the portal's tree), in one language. */
export const moduleTexts = (language: string): Record<string, Record<string, unknown>> =>
  Object.fromEntries(eServices.flatMap((m) => (m.texts?.[language] ? [[m.definition.id, m.texts[language]]] : [])));

/** Every service's definition, the engine's view of it. */
export const services: readonly EServiceDefinition[] = eServices.map((m) => m.definition);

/** The follow-up figures services add of their own, by service id, in registry order. */
export const figureContributions: Readonly<Record<string, ServiceFigures>> = Object.fromEntries(
  eServices.flatMap((m) => (m.figures ? [[m.definition.id, m.figures]] : [])),
);

export const serviceBySlug = (slug: string | undefined) => services.find((s) => s.slug === slug) ?? null;
export const serviceById = (id: string) => services.find((s) => s.id === id) ?? null;

/** The whole module of a service the portal runs; a service id not in the registry is a defect. */
export function moduleOf(serviceId: string): EServiceModule {
  const found = eServices.find((m) => m.definition.id === serviceId);
  if (!found) throw new Error(`no e-service ${serviceId} in the registry`);
  return found;
}
