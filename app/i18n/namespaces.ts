/** Every namespace under locales/<language>/; one JSON file each. */
export const namespaces = ["common", "start", "about", "auth"] as const;
export type Namespace = (typeof namespaces)[number];
export const defaultNamespace: Namespace = "common";
