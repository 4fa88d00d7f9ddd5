import type { EServiceDefinition } from "~/intake/definition";
import { forsorjningsstodModule } from "./forsorjningsstod/module.server";
import type { EServiceModule } from "./module.server";
import { orosanmalanModule } from "./orosanmalan/module.server";
import { samarbetssamtalModule } from "./samarbetssamtal/module.server";

/**
 * Every e-service the portal runs, whole. The engine, the staff console, the start page, i18n
 * and the routes read services only from here (and the browser from registry.ts, the same
 * services' client halves).
 */
export const eServices: readonly EServiceModule[] = [orosanmalanModule, forsorjningsstodModule, samarbetssamtalModule];

/** Every service's definition, the engine's view of it. */
export const services: readonly EServiceDefinition[] = eServices.map((m) => m.definition);

export const serviceBySlug = (slug: string | undefined) => services.find((s) => s.slug === slug) ?? null;
export const serviceById = (id: string) => services.find((s) => s.id === id) ?? null;

/** The whole module of a service the portal runs; a service id not in the registry is a defect. */
export function moduleOf(serviceId: string): EServiceModule {
  const found = eServices.find((m) => m.definition.id === serviceId);
  if (!found) throw new Error(`no e-service ${serviceId} in the registry`);
  return found;
}
