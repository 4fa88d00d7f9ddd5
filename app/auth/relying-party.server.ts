import { createPrivateKey, webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import * as oidc from "openid-client";
import type { OidcClientConfig } from "./oidc-client-config.server";
import type { Claims } from "./identity-from-claims";

export class ProviderUnavailableError extends Error {
  override name = "ProviderUnavailableError";
}

/** What the relying party needs kept between sending a person away and their return. */
export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The portal as an OpenID Connect relying party: discovery, authorization code flow with PKCE
 * (S256), state and nonce, full ID-token validation by openid-client, userinfo when the ID
 * token lacks what we need, and RP-initiated logout.
 */
export class RelyingParty {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly client: OidcClientConfig,
    private readonly extraParameters: Record<string, string> = {},
    /** Client metadata beyond the id, such as a clock skew (tests use it to age tokens). */
    private readonly metadata: Partial<oidc.ClientMetadata> = {},
  ) {}

  /** Discovered once and kept; a failed discovery is retried on the next login. */
  private async config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error) => {
      this.configuration = undefined;
      throw new ProviderUnavailableError((error as Error).message);
    });
    return this.configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { client } = this;
    const auth =
      client.auth.method === "client_secret"
        ? oidc.ClientSecretBasic(client.auth.secret)
        : oidc.PrivateKeyJwt(await importPrivateKey(client.auth.keyFile));
    return oidc.discovery(client.issuer, client.clientId, this.metadata, auth, {
      execute: client.allowHttp ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
  }

  newChecks(): LoginChecks {
    return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  }

  async authorizationUrl(checks: LoginChecks): Promise<URL> {
    const config = await this.config();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.client.redirectUri.href,
      scope: this.client.scopes.join(" "),
      response_type: "code",
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: "S256",
      // Every login is a fresh e-ID authentication, never a silent one.
      prompt: "login",
      ...this.extraParameters,
    });
  }

  /**
   * Exchanges the code, validates the ID token (signature, issuer, audience, expiry, nonce)
   * and returns its claims, merged with userinfo when `needs` are missing from the token.
   */
  async finish(callbackUrl: URL, checks: LoginChecks, needs: string[]): Promise<Claims> {
    const config = await this.config();
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      if (isNetworkError(error)) throw new ProviderUnavailableError((error as Error).message);
      throw error;
    }
    const idClaims = tokens.claims() as Claims;
    let claims: Claims = { ...idClaims };
    if (needs.some((name) => claims[name] === undefined) && tokens.access_token) {
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
      claims = { ...userinfo, ...idClaims };
    }
    // The tokens themselves are not kept: the portal needs who the person is, nothing more.
    return claims;
  }

  /**
   * Where to send a person to end their session at the provider too, if it supports it.
   * By client_id rather than id_token_hint: an ID token in a URL would put the personnummer
   * in the browser's history.
   */
  async endSessionUrl(): Promise<URL | null> {
    const config = await this.config().catch(() => null);
    if (!config?.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.client.postLogoutRedirectUri.href,
      client_id: this.client.clientId,
    });
  }
}

/** fetch failing to reach the provider at all, as opposed to the provider's answer failing a check. */
function isNetworkError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return (
    (e?.name === "TypeError" && e.message === "fetch failed") || e?.name === "TimeoutError" || e?.name === "AbortError"
  );
}

/** A PEM private key (RSA or P-256) for private_key_jwt client authentication. */
async function importPrivateKey(file: string): Promise<oidc.PrivateKey> {
  const keyObject = createPrivateKey(readFileSync(file));
  const jwk = keyObject.export({ format: "jwk" });
  const algorithm =
    keyObject.asymmetricKeyType === "ec"
      ? { name: "ECDSA", namedCurve: "P-256" }
      : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  const key = await webcrypto.subtle.importKey("jwk", jwk, algorithm, false, ["sign"]);
  return { key: key as CryptoKey };
}
