import type { EServiceDefinition } from "./definition";

/** Where a draft's step is drawn: the engine's step route, and every page that links to a step. */
export const stepUrl = (definition: Pick<EServiceDefinition, "slug">, draftId: string, stepId: string) =>
  `/${definition.slug}/utkast/${draftId}/${stepId}`;
