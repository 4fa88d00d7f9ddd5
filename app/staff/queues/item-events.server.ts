/** The states and robot item events of the manual handling, shared by the console's reads and changes. */

/** Item states that wait for a person. */
export const HANDLED_BY_PEOPLE = ["business_exception", "dead_lettered"] as const;

/** Robot item events written by the staff console. */
export const REQUEUED = "requeued";
export const REGISTERED_BY_HAND = "registered_by_hand";
/** A caseworker took the item to handle it by hand; took it over from another (with a reason); gave it back. */
export const TAKEN = "taken";
export const TAKEN_OVER = "taken_over";
export const RELEASED = "released";
