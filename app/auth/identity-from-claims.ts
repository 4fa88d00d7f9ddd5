import type { ClaimNames } from "./claim-presets";
import { parseIdentityNumber } from "./personnummer";
import type { StaffRole } from "./staff-roles";

export type Claims = Record<string, unknown>;

export interface ResidentIdentity {
  pnr: string;
  name: string | null;
  protectedIdentity: boolean;
}

export type ResidentIdentityResult =
  { ok: true; identity: ResidentIdentity } | { ok: false; reason: "missing_number" | "invalid_number" };

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim().slice(0, 200) : null);
const truthy = (value: unknown) => value === true || (typeof value === "string" && /^(true|1|yes|ja)$/i.test(value));

/** Reads the person from an e-ID broker's claims, under the claim names the configuration gives. */
export function residentIdentityFromClaims(
  claims: Claims,
  names: ClaimNames,
  protectedIdentityClaim: string | undefined,
  today = new Date(),
): ResidentIdentityResult {
  const raw =
    text(claims[names.personalNumber]) ?? (names.coordinationNumber ? text(claims[names.coordinationNumber]) : null);
  if (!raw) return { ok: false, reason: "missing_number" };
  const parsed = parseIdentityNumber(raw, today);
  if (!parsed.ok) return { ok: false, reason: "invalid_number" };
  const given = text(claims[names.givenName]);
  const family = text(claims[names.familyName]);
  const name = text(claims[names.name]) ?? ([given, family].filter(Boolean).join(" ") || null);
  return {
    ok: true,
    identity: {
      pnr: parsed.value.normalized,
      name,
      protectedIdentity: protectedIdentityClaim ? truthy(claims[protectedIdentityClaim]) : false,
    },
  };
}

export interface StaffClaimNames {
  roles: string;
  name: string;
  /** Claim value → role; by default each role's own name. */
  roleMap: ReadonlyMap<string, StaffRole>;
}

export type StaffIdentityResult =
  { ok: true; staff: { subject: string; name: string | null; roles: StaffRole[] } } | { ok: false; reason: "no_role" };

/** A staff member and their roles, mapped from the municipality's identity provider's claims. */
export function staffFromClaims(claims: Claims, names: StaffClaimNames): StaffIdentityResult {
  const value = claims[names.roles];
  const values = Array.isArray(value) ? value.map(String) : typeof value === "string" ? value.split(/[\s,]+/) : [];
  const roles = [...new Set(values.map((v) => names.roleMap.get(v)).filter((r): r is StaffRole => r !== undefined))];
  if (roles.length === 0) return { ok: false, reason: "no_role" };
  return { ok: true, staff: { subject: String(claims.sub), name: text(claims[names.name]), roles } };
}
