import { moduleOf } from "~/e-services/registry.server";

/**
 * How short and how long an administrator may set retention (gallring), per e-service (each
 * declares its own in its module). A period below the minimum is refused with the reason below
 * (its key under staff:retention.reasons).
 */

export interface RetentionLimit {
  min: number;
  max: number;
  /** Why the minimum is what it is: a key under staff:retention.reasons. */
  reason: string;
}

export interface ServiceRetentionLimits {
  afterRegistrationDays: RetentionLimit;
  draftDays: RetentionLimit;
}

export const limitsFor = (serviceId: string): ServiceRetentionLimits => moduleOf(serviceId).retentionLimits;

export type RetentionField = keyof ServiceRetentionLimits;
export type RetentionProblem = {
  code: "required" | "not_a_number" | "below_minimum" | "above_maximum";
} & RetentionLimit;

/** Reads and checks the two periods typed into the form; problems by field. */
export function checkRetention(
  serviceId: string,
  input: Record<RetentionField, string>,
):
  | { ok: true; values: Record<RetentionField, number> }
  | { ok: false; problems: Partial<Record<RetentionField, RetentionProblem>> } {
  const limits = limitsFor(serviceId);
  const problems: Partial<Record<RetentionField, RetentionProblem>> = {};
  const values = {} as Record<RetentionField, number>;
  for (const field of ["afterRegistrationDays", "draftDays"] as const) {
    const raw = (input[field] ?? "").trim();
    const limit = limits[field];
    if (!raw) problems[field] = { code: "required", ...limit };
    else if (!/^\d{1,4}$/.test(raw)) problems[field] = { code: "not_a_number", ...limit };
    else if (Number(raw) < limit.min) problems[field] = { code: "below_minimum", ...limit };
    else if (Number(raw) > limit.max) problems[field] = { code: "above_maximum", ...limit };
    else values[field] = Number(raw);
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, values };
}
