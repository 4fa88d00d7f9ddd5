import { describe, expect, it } from "vitest";
import { claimPresets } from "~/auth/claim-presets";
import { residentIdentityFromClaims, staffFromClaims } from "~/auth/identity-from-claims";
import { staffRoles } from "~/auth/staff-roles";

const today = new Date("2026-11-27");

describe("resident identity from each broker's claims", () => {
  it.each([
    ["swedish-oidc", { "https://id.oidc.se/claim/personalIdentityNumber": "198503129820", name: "Anna Andersson" }],
    ["criipto", { ssn: "198503129820", name: "Anna Andersson" }],
    ["signicat", { nin: "19850312-9820", given_name: "Anna", family_name: "Andersson" }],
    ["freja", { "https://frejaeid.com/oidc/claims/personalIdentityNumber": "198503129820", name: "Anna Andersson" }],
  ] as const)("reads the %s preset", (preset, claims) => {
    expect(residentIdentityFromClaims(claims, claimPresets[preset], undefined, today)).toEqual({
      ok: true,
      identity: { pnr: "198503129820", name: "Anna Andersson", protectedIdentity: false },
    });
  });

  it("reads a samordningsnummer from the Swedish profile's own claim", () => {
    const result = residentIdentityFromClaims(
      { "https://id.oidc.se/claim/coordinationNumber": "197010632391" },
      claimPresets["swedish-oidc"],
      undefined,
      today,
    );
    expect(result).toMatchObject({ ok: true, identity: { pnr: "197010632391" } });
  });

  it("reports a missing or invalid number", () => {
    const names = claimPresets["swedish-oidc"];
    expect(residentIdentityFromClaims({ ssn: "198503129820" }, names, undefined, today)).toEqual({
      ok: false,
      reason: "missing_number",
    });
    expect(residentIdentityFromClaims({ [names.personalNumber]: "198503129821" }, names, undefined, today)).toEqual({
      ok: false,
      reason: "invalid_number",
    });
    expect(residentIdentityFromClaims({ [names.personalNumber]: 198503129820 }, names, undefined, today)).toEqual({
      ok: false,
      reason: "missing_number",
    });
  });

  it("takes protected personal data from a configured claim only", () => {
    const claims = { ssn: "198503129820", protected: "true" };
    expect(residentIdentityFromClaims(claims, claimPresets.criipto, "protected", today)).toMatchObject({
      identity: { protectedIdentity: true },
    });
    expect(residentIdentityFromClaims(claims, claimPresets.criipto, undefined, today)).toMatchObject({
      identity: { protectedIdentity: false },
    });
  });
});

describe("staff roles", () => {
  const roleMap = new Map(staffRoles.map((r) => [r, r]));
  it("maps roles from an array or a string, ignoring unknown ones", () => {
    expect(
      staffFromClaims(
        { sub: "s1", roles: ["familjeratt", "unknown"], name: "Frida" },
        { roles: "roles", name: "name", roleMap },
      ),
    ).toEqual({
      ok: true,
      staff: { subject: "s1", name: "Frida", roles: ["familjeratt"] },
    });
    expect(
      staffFromClaims({ sub: "s1", roles: "skyddad mottagning-vuxna" }, { roles: "roles", name: "name", roleMap }),
    ).toMatchObject({
      staff: { roles: ["skyddad", "mottagning-vuxna"] },
    });
  });

  it("maps the municipality's group names through STAFF_ROLE_MAP", () => {
    const mapped = new Map([["SG-Socialtjanst-Familjeratt", "familjeratt" as const]]);
    expect(
      staffFromClaims(
        { sub: "s", groups: ["SG-Socialtjanst-Familjeratt"] },
        { roles: "groups", name: "name", roleMap: mapped },
      ),
    ).toMatchObject({
      staff: { roles: ["familjeratt"] },
    });
  });

  it("refuses a staff member with no role", () => {
    expect(staffFromClaims({ sub: "s", roles: [] }, { roles: "roles", name: "name", roleMap })).toEqual({
      ok: false,
      reason: "no_role",
    });
  });
});
