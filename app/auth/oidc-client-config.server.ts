import { createHmac } from "node:crypto";
import { ConfigError } from "../settings/variables";

/**
 * How the portal logs in at an OpenID provider, for residents (OIDC_*) and staff (STAFF_OIDC_*)
 * alike: the municipality's broker when its issuer is set, otherwise the embedded test identity
 * provider at /dev-idp (never in production: config.server.ts refuses that first).
 */

type ClientAuth = { method: "client_secret"; secret: string } | { method: "private_key_jwt"; keyFile: string };

export interface OidcClientConfig {
  issuer: URL;
  clientId: string;
  auth: ClientAuth;
  scopes: string[];
  redirectUri: URL;
  postLogoutRedirectUri: URL;
  /** Only the embedded test identity provider is reached over plain http. */
  allowHttp: boolean;
}

/** The embedded test identity provider's issuer at the portal's public address. */
export const devIssuerAt = (publicUrl: URL) => new URL("/dev-idp", publicUrl);

export function oidcClientConfig(o: {
  /** The variables' prefix: OIDC for residents, STAFF_OIDC for staff. */
  prefix: "OIDC" | "STAFF_OIDC";
  /** The client's name at the embedded test identity provider. */
  devClient: "resident" | "staff";
  issuer: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  privateKeyFile: string | undefined;
  /** Besides openid. */
  scopes: readonly string[];
  /** Where the provider sends the person back, on the portal. */
  callbackPath: string;
  publicUrl: URL;
  production: boolean;
  sessionSecret: string;
}): OidcClientConfig {
  const { prefix } = o;
  const common = {
    scopes: ["openid", ...o.scopes],
    redirectUri: new URL(o.callbackPath, o.publicUrl),
    postLogoutRedirectUri: new URL("/utloggad", o.publicUrl),
  };
  if (!o.issuer)
    return {
      ...common,
      issuer: devIssuerAt(o.publicUrl),
      clientId: `ingang-${o.devClient}`,
      auth: { method: "client_secret", secret: devClientSecret(o.sessionSecret, o.devClient) },
      allowHttp: true,
    };
  if (!o.clientId) throw new ConfigError(`${prefix}_CLIENT_ID must be set when ${prefix}_ISSUER is set`);
  return {
    ...common,
    issuer: new URL(o.issuer),
    clientId: o.clientId,
    auth: clientAuth(prefix, o.clientSecret, o.privateKeyFile),
    allowHttp: !o.production && new URL(o.issuer).protocol === "http:",
  };
}

function clientAuth(prefix: string, secret: string | undefined, keyFile: string | undefined): ClientAuth {
  if (keyFile) return { method: "private_key_jwt", keyFile };
  if (secret) return { method: "client_secret", secret };
  throw new ConfigError(`${prefix}_CLIENT_SECRET or ${prefix}_PRIVATE_KEY_FILE must be set with ${prefix}_ISSUER`);
}

/** The embedded identity provider's client secrets, derived so both ends agree without storing them. */
function devClientSecret(sessionSecret: string, client: "resident" | "staff") {
  return createHmac("sha256", sessionSecret).update(`dev-idp-client:${client}`).digest("base64url");
}
