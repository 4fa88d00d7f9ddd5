/**
 * The portal's own namespaces under locales/<language>/, one JSON file each. Every e-service adds
 * its own, named by its id (app/e-services/registry.ts: serviceNamespaces, allNamespaces).
 */
export const portalNamespaces = [
  "common",
  "start",
  "about",
  "auth",
  "forms",
  "intake",
  "notices",
  "mypages",
  "robot",
  "staff",
] as const;
export type Namespace = (typeof portalNamespaces)[number];
export const defaultNamespace: Namespace = "common";
