import type { TFunction } from "i18next";

/**
 * An audit action as a person reads it, in the console's language (the `staff` namespace). The code
 * stays beside it on the page and in its own CSV column; an action without a label shows its code.
 */
export function auditActionLabel(t: TFunction, code: string): string {
  // One audit row per robot API call, named by its operation (claim, complete, …).
  if (code.startsWith("robot_api.")) return t("staff:audit.robotCall", { operation: code.slice("robot_api.".length) });
  return t(`staff:audit.actions.${code}`, { defaultValue: code });
}
