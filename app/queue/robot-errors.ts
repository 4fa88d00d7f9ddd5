/**
 * What the robot API answers when a request cannot be served: an HTTP status, a stable
 * machine-readable code and a sentence for the person reading the robot's log. Every refusal
 * is thrown before anything changes, or inside the transaction that it rolls back.
 */
export const robotErrorCodes = {
  unauthorized: 401,
  token_revoked: 401,
  queue_out_of_scope: 403,
  not_found: 404,
  queue_not_found: 404,
  item_not_found: 404,
  attachment_not_found: 404,
  schema_not_found: 404,
  method_not_allowed: 405,
  item_not_held: 409,
  held_by_another: 409,
  lease_superseded: 409,
  lease_expired: 409,
  already_completed: 409,
  already_failed: 409,
  no_recipient: 409,
  not_registered: 409,
  outcome_not_applicable: 409,
  outcome_adult_report: 409,
  outcome_not_requested: 409,
  idempotency_conflict: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  malformed_json: 400,
  invalid_request: 400,
  rate_limited: 429,
  /** The database cannot be reached right now; nothing changed. Retry after Retry-After seconds. */
  unavailable: 503,
} as const;

export type RobotErrorCode = keyof typeof robotErrorCodes;

export class RobotApiError extends Error {
  override name = "RobotApiError";
  readonly status: number;

  constructor(
    readonly code: RobotErrorCode,
    message: string,
    /** Facts the robot can act on (the case number an item already has); never personal data. */
    readonly details?: Record<string, string | number | boolean | null>,
  ) {
    super(message);
    this.status = robotErrorCodes[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}
