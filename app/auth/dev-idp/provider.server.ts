import { generateKeyPairSync, randomBytes } from "node:crypto";
import path from "node:path";
import express, { type Router } from "express";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { projectRoot } from "#db/project-root";
import type { OidcClientConfig } from "../oidc-client-config.server";
import type { Logger } from "../../logger.server";
import type { ClaimNames } from "../claim-presets";
import { parseIdentityNumber } from "../personnummer";
import { errorPage, loginPage, logoutPage } from "./pages";
import { testResidents, testStaff } from "./test-persons";

export interface DevIdentityProviderOptions {
  issuer: URL;
  resident: OidcClientConfig;
  staff: OidcClientConfig;
  residentClaims: ClaimNames;
  protectedIdentityClaim: string | undefined;
  staffClaims: { roles: string; name: string };
  logger: Logger;
}

/**
 * The embedded test identity provider: a real OpenID Provider (oidc-provider) issuing signed
 * tokens, whose login page lets a tester pick a shipped test person or type a test number.
 * Only ever mounted outside production; configuration refuses production without a real one.
 */
export function createDevIdentityProvider(options: DevIdentityProviderOptions): Router {
  const { issuer, resident, staff, residentClaims, protectedIdentityClaim, staffClaims } = options;
  const secretOf = (client: OidcClientConfig) => (client.auth.method === "client_secret" ? client.auth.secret : "");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const residentClaimNames = [
    residentClaims.personalNumber,
    residentClaims.coordinationNumber,
    residentClaims.name,
    residentClaims.givenName,
    residentClaims.familyName,
    protectedIdentityClaim,
  ].filter((c): c is string => !!c);

  function residentClaimsFor(accountId: string): Record<string, unknown> {
    const shipped = testResidents.find((p) => `test:${p.id}` === accountId);
    const pnr = shipped?.pnr ?? accountId.slice("pnr:".length);
    const given = shipped?.givenName ?? "Test";
    const family = shipped?.familyName ?? "Testsson";
    const parsed = parseIdentityNumber(pnr);
    const numberClaim =
      parsed.ok && parsed.value.kind === "samordningsnummer" && residentClaims.coordinationNumber
        ? residentClaims.coordinationNumber
        : residentClaims.personalNumber;
    return {
      [numberClaim]: pnr,
      [residentClaims.name]: `${given} ${family}`,
      [residentClaims.givenName]: given,
      [residentClaims.familyName]: family,
      ...(protectedIdentityClaim && shipped?.protectedIdentity ? { [protectedIdentityClaim]: true } : {}),
    };
  }

  function staffClaimsFor(accountId: string): Record<string, unknown> {
    const member = testStaff.find((p) => `staff:${p.id}` === accountId);
    if (!member) return {};
    return { [staffClaims.name]: `${member.givenName} ${member.familyName}`, [staffClaims.roles]: member.roles };
  }

  const configuration: Configuration = {
    clients: [resident, staff].map((client) => ({
      client_id: client.clientId,
      client_secret: secretOf(client),
      redirect_uris: [client.redirectUri.href],
      post_logout_redirect_uris: [client.postLogoutRedirectUri.href],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    scopes: ["openid", "profile", ...new Set([...resident.scopes, ...staff.scopes])],
    claims: { openid: ["sub", ...new Set([...residentClaimNames, staffClaims.roles, staffClaims.name])] },
    async findAccount(_ctx, sub) {
      const claims = sub.startsWith("staff:") ? staffClaimsFor(sub) : residentClaimsFor(sub);
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    interactions: { url: (_ctx, interaction) => `${issuer.pathname}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = logoutPage(form);
        },
      },
    },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "dev-1", use: "sig", alg: "RS256" } as never] },
    // First-party test clients: consent is implied.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { Grant } = ctx.oidc.provider;
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return Grant.find(existing);
      const grant = new Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(" "));
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = errorPage(String(out.error_description ?? out.error ?? "okänt fel"));
    },
  };

  const provider = new Provider(issuer.href, configuration);
  provider.on("server_error", (_ctx, error) => options.logger.warn({ err: error }, "dev identity provider error"));

  const router = express.Router();
  const stylesheet = path.join(projectRoot, "app", "auth", "dev-idp", "dev-idp.css");
  router.get("/assets/dev-idp.css", (_req, res) => res.sendFile(stylesheet));

  router.get("/interaction/:uid", async (req, res) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const kind = details.params.client_id === staff.clientId ? "staff" : "resident";
      res.type("html").send(loginPage(details.uid, kind, kind === "staff" ? testStaff : testResidents));
    } catch {
      res.status(400).type("html").send(errorPage("Inloggningen har gått ut. Gå tillbaka till portalen och börja om."));
    }
  });

  router.post("/interaction/:uid", express.urlencoded({ extended: false, limit: "4kb" }), async (req, res) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const kind = details.params.client_id === staff.clientId ? "staff" : "resident";
      const body = req.body as Record<string, string | undefined>;
      if (body.action === "cancel") {
        await provider.interactionFinished(req, res, { error: "access_denied", error_description: "cancelled" });
        return;
      }
      let accountId: string | undefined;
      if (kind === "staff") {
        accountId = testStaff.some((p) => p.id === body.person) ? `staff:${body.person}` : undefined;
      } else if (body.person === "typed") {
        // Any digits are passed on as they are: checking them is the portal's job, not the e-ID's.
        const typed = (body.pnr ?? "").replace(/[^\d+-]/g, "").slice(0, 13);
        accountId = typed ? `pnr:${typed}` : undefined;
      } else {
        accountId = testResidents.some((p) => p.id === body.person) ? `test:${body.person}` : undefined;
      }
      if (!accountId) {
        res
          .status(400)
          .type("html")
          .send(
            loginPage(
              details.uid,
              kind,
              kind === "staff" ? testStaff : testResidents,
              "Välj en testperson eller skriv ett nummer.",
            ),
          );
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    } catch {
      res.status(400).type("html").send(errorPage("Inloggningen har gått ut. Gå tillbaka till portalen och börja om."));
    }
  });

  router.use(provider.callback());
  return router;
}
