import { data, redirect } from "@remix-run/node";
import { safeReturnPath } from "../http/safe-redirect";
import type { RequestContext } from "../load-context";
import { sessionCookie } from "./cookies.server";
import { finishLogin, startLogin, type LoginDependencies, type LoginFailure, type LoginKind } from "./login.server";
import { ProviderUnavailableError } from "./relying-party.server";

function dependencies(context: RequestContext, kind: LoginKind): LoginDependencies {
  const { config, database, login } = context.services;
  return {
    db: database.db,
    keyring: config.secrets.keyring,
    personLookup: config.secrets.personLookup,
    policy: { idleMs: config.auth.idleMs, maxMs: config.auth.maxMs },
    relyingParty: login[kind],
    residentClaims: config.auth.residentClaims,
    protectedIdentityClaim: config.auth.protectedIdentityClaim,
    staffClaims: config.auth.staffClaims,
  };
}

/** HTTP status for each way a login can fail: never a 500. */
const STATUS: Record<LoginFailure, number> = {
  cancelled: 200,
  state: 400,
  token: 400,
  missing_number: 400,
  invalid_number: 400,
  no_role: 403,
  provider_error: 502,
  provider_unavailable: 503,
};

export type LoginFailureData = { reason: LoginFailure; retry: string };

const loginPage = (kind: LoginKind) => (kind === "resident" ? "/logga-in" : "/personal/logga-in");

/** Sends the person to the identity provider, remembering where to bring them back. */
export async function beginLogin(request: Request, context: RequestContext, kind: LoginKind) {
  const returnTo = safeReturnPath(
    new URL(request.url).searchParams.get("returnTo"),
    kind === "resident" ? "/mina-sidor" : "/personal",
  );
  try {
    return redirect((await startLogin(dependencies(context, kind), kind, returnTo)).href);
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError)) throw error;
    context.services.logger.warn({ err: error, kind }, "identity provider unavailable");
    return data<LoginFailureData>(
      { reason: "provider_unavailable", retry: `${loginPage(kind)}?${new URLSearchParams({ returnTo })}` },
      { status: 503 },
    );
  }
}

/** Completes the login the provider sends back, or explains why it could not. */
export async function completeLogin(request: Request, context: RequestContext, kind: LoginKind) {
  const { config } = context.services;
  const cookie = sessionCookie(config.secure);
  const result = await finishLogin(
    dependencies(context, kind),
    kind,
    new URL(request.url),
    context.client,
    context.session?.idHash,
  );
  if (result.ok) {
    return redirect(result.returnTo, { headers: { "Set-Cookie": cookie.set(result.sessionId) } });
  }
  context.services.logger.info({ kind, reason: result.reason }, "login failed");
  const retry = `${loginPage(kind)}${result.returnTo ? `?${new URLSearchParams({ returnTo: result.returnTo })}` : ""}`;
  return data<LoginFailureData>({ reason: result.reason, retry }, { status: STATUS[result.reason] });
}
