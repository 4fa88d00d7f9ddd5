/**
 * How short and how long an administrator may set retention (gallring), per e-service. A period
 * below the minimum is refused with the reason below (its key under staff:retention.reasons).
 * The defaults are what the portal uses when no setting is stored.
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

const common: ServiceRetentionLimits = {
  // The person must be able to see the registration and case number on Mina sidor, and the robot
  // must be able to fetch the submission again if the registration is corrected.
  afterRegistrationDays: { min: 7, max: 90, reason: "afterRegistration" },
  // A draft must survive a weekend and a few days away.
  draftDays: { min: 3, max: 90, reason: "draft" },
};

export const retentionLimits: Record<string, ServiceRetentionLimits> = {
  orosanmalan: common,
  // A household often needs a week or more to gather bank statements and proofs of costs.
  forsorjningsstod: { ...common, draftDays: { min: 7, max: 90, reason: "draftDocuments" } },
  samarbetssamtal: common,
};

export const limitsFor = (serviceId: string): ServiceRetentionLimits => retentionLimits[serviceId] ?? common;

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
