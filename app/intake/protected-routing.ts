import type { Routing } from "./definition";

/**
 * A person with protected personal data is always handled in the restricted queue, whatever an
 * e-service's own routing says: the engine enforces it so a new definition cannot forget it.
 */
export function withProtectedIdentity(routing: Routing, protectedIdentity: boolean): Routing {
  if (!protectedIdentity) return routing;
  const flags = routing.flags.includes("protected_identity")
    ? routing.flags
    : [...routing.flags, "protected_identity" as const];
  return { ...routing, queue: "skyddad", flags };
}
