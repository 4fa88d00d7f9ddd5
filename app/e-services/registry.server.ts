import type { EServiceDefinition } from "~/intake/definition";
import { orosanmalan } from "./orosanmalan/definition.server";
import { forsorjningsstod } from "./forsorjningsstod/definition.server";
import { samarbetssamtal } from "./samarbetssamtal/definition.server";

/** Every e-service the portal runs. A new one is a folder beside these and a line here. */
export const services: readonly EServiceDefinition[] = [orosanmalan, forsorjningsstod, samarbetssamtal];

export const serviceBySlug = (slug: string | undefined) => services.find((s) => s.slug === slug) ?? null;
export const serviceById = (id: string) => services.find((s) => s.id === id) ?? null;
