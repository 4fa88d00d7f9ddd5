/**
 * What a staff member may do, from the staff identity provider's roles claim.
 * Each reception role sees its own queues; the restricted queue (protected identities,
 * honour-related violence, reports about the municipality's own staff) needs its own role.
 */
export const staffRoles = [
  "mottagning-barn-unga",
  "mottagning-vuxna",
  "ekonomiskt-bistand",
  "familjeratt",
  "skyddad",
  "administrator",
] as const;

export type StaffRole = (typeof staffRoles)[number];
