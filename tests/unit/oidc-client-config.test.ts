import { describe, expect, it } from "vitest";
import { oidcClientConfig } from "~/auth/oidc-client-config.server";

const publicUrl = new URL("https://e-tjanster.kommun.se");
const base = {
  prefix: "STAFF_OIDC",
  devClient: "staff",
  issuer: undefined,
  clientId: undefined,
  clientSecret: undefined,
  privateKeyFile: undefined,
  scopes: ["profile"],
  callbackPath: "/personal/logga-in/callback",
  publicUrl,
  production: false,
  sessionSecret: "s".repeat(32),
} as const;

describe("the OpenID client the portal logs in with", () => {
  it("uses the embedded test identity provider when no issuer is set, with a secret both ends derive", () => {
    const client = oidcClientConfig(base);
    expect(client).toMatchObject({
      issuer: new URL("https://e-tjanster.kommun.se/dev-idp"),
      clientId: "ingang-staff",
      auth: { method: "client_secret" },
      scopes: ["openid", "profile"],
      redirectUri: new URL("https://e-tjanster.kommun.se/personal/logga-in/callback"),
      postLogoutRedirectUri: new URL("https://e-tjanster.kommun.se/utloggad"),
      allowHttp: true,
    });
    expect(oidcClientConfig(base).auth).toEqual(client.auth);
    expect(oidcClientConfig({ ...base, devClient: "resident" }).auth).not.toEqual(client.auth);
  });

  it("logs in at the given issuer with a private key before a secret, over http only outside production", () => {
    const given = { ...base, issuer: "http://idp.test", clientId: "portal", clientSecret: "x" };
    expect(oidcClientConfig(given)).toMatchObject({
      clientId: "portal",
      auth: { method: "client_secret", secret: "x" },
    });
    expect(oidcClientConfig(given).allowHttp).toBe(true);
    expect(oidcClientConfig({ ...given, production: true }).allowHttp).toBe(false);
    expect(oidcClientConfig({ ...given, privateKeyFile: "/k.pem" }).auth).toEqual({
      method: "private_key_jwt",
      keyFile: "/k.pem",
    });
  });

  it("names the missing variable with its prefix", () => {
    expect(() => oidcClientConfig({ ...base, issuer: "https://idp.test" })).toThrow(
      "STAFF_OIDC_CLIENT_ID must be set when STAFF_OIDC_ISSUER is set",
    );
    expect(() => oidcClientConfig({ ...base, prefix: "OIDC", issuer: "https://idp.test", clientId: "p" })).toThrow(
      "OIDC_CLIENT_SECRET or OIDC_PRIVATE_KEY_FILE must be set with OIDC_ISSUER",
    );
  });
});
