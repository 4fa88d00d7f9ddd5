/**
 * Where each OIDC broker puts the personal identity number and the name. The claim names are
 * configuration (OIDC_CLAIM_PRESET, or each name on its own), never written into the code
 * that reads them.
 */
export interface ClaimNames {
  /** Scopes to ask for, besides "openid". */
  scopes: string[];
  personalNumber: string;
  /** Where a broker puts a samordningsnummer, when it keeps it apart. */
  coordinationNumber?: string;
  name: string;
  givenName: string;
  familyName: string;
}

export const claimPresets = {
  /** The Swedish OIDC profile (Sweden Connect, BankID's own OIDC): the default. */
  "swedish-oidc": {
    scopes: ["https://id.oidc.se/scope/naturalPersonNumber", "https://id.oidc.se/scope/naturalPersonName"],
    personalNumber: "https://id.oidc.se/claim/personalIdentityNumber",
    coordinationNumber: "https://id.oidc.se/claim/coordinationNumber",
    name: "name",
    givenName: "given_name",
    familyName: "family_name",
  },
  /** Criipto / Idura Verify. */
  criipto: {
    scopes: [],
    personalNumber: "ssn",
    name: "name",
    givenName: "given_name",
    familyName: "family_name",
  },
  /** Signicat. */
  signicat: {
    scopes: ["profile", "nin"],
    personalNumber: "nin",
    name: "name",
    givenName: "given_name",
    familyName: "family_name",
  },
  /** Freja eID. */
  freja: {
    scopes: ["profile", "https://frejaeid.com/oidc/scopes/personalIdentityNumber"],
    personalNumber: "https://frejaeid.com/oidc/claims/personalIdentityNumber",
    name: "name",
    givenName: "given_name",
    familyName: "family_name",
  },
} as const satisfies Record<string, ClaimNames>;

export type ClaimPreset = keyof typeof claimPresets;
export const claimPresetNames = Object.keys(claimPresets) as ClaimPreset[];
