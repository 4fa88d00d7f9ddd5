/** Every namespace under locales/<language>/; one JSON file each. */
export const namespaces = [
  "common",
  "start",
  "about",
  "auth",
  "forms",
  "intake",
  "notices",
  "mypages",
  "orosanmalan",
  "forsorjningsstod",
  "samarbetssamtal",
  "robot",
  "staff",
] as const;
export type Namespace = (typeof namespaces)[number];
export const defaultNamespace: Namespace = "common";
