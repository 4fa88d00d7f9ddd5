/** Each e-service's translations live in a namespace named by its id. */
export const serviceNamespaces = ["orosanmalan", "forsorjningsstod", "samarbetssamtal"] as const;

/** The namespaces every intake page may need: the engine's own and every service's. */
export const intakeNamespaces = ["forms", "intake", ...serviceNamespaces];
