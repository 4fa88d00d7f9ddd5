import { createHash } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { loginAttempt } from "#db/schema";
import { audit, type ClientInfo } from "../audit/audit.server";
import type { Keyring } from "../crypto/envelope";
import type { ClaimNames } from "./claim-presets";
import { residentIdentityFromClaims, staffFromClaims, type StaffClaimNames } from "./identity-from-claims";
import { upsertPerson } from "./people.server";
import { ProviderUnavailableError, type RelyingParty } from "./relying-party.server";
import { createSession, type SessionPolicy } from "./sessions.server";
import { recordStaffMember } from "./staff-directory.server";

export type LoginKind = "resident" | "staff";

/** Why a login did not complete; each has its own translated explanation. */
export type LoginFailure =
  | "cancelled"
  | "provider_error"
  | "provider_unavailable"
  | "state"
  | "token"
  | "missing_number"
  | "invalid_number"
  | "no_role";

export interface LoginDependencies {
  db: Executor;
  keyring: Keyring;
  personLookup: Buffer;
  policy: SessionPolicy;
  relyingParty: RelyingParty;
  residentClaims: ClaimNames;
  protectedIdentityClaim: string | undefined;
  staffClaims: StaffClaimNames;
}

const ATTEMPT_LIFETIME_MS = 10 * 60_000;
const hashState = (state: string) => createHash("sha256").update(state).digest("base64url");

/** Records the attempt and returns where to send the person to log in. */
export async function startLogin(deps: LoginDependencies, kind: LoginKind, returnTo: string): Promise<URL> {
  const checks = deps.relyingParty.newChecks();
  const url = await deps.relyingParty.authorizationUrl(checks);
  await deps.db.insert(loginAttempt).values({
    stateHash: hashState(checks.state),
    kind,
    codeVerifier: checks.codeVerifier,
    nonce: checks.nonce,
    returnTo,
  });
  return url;
}

export type LoginResult =
  { ok: true; sessionId: string; returnTo: string } | { ok: false; reason: LoginFailure; returnTo?: string };

/**
 * Completes a login from the provider's callback. The attempt named by `state` is spent first,
 * so a replayed callback fails even if the provider would accept the code again.
 */
export async function finishLogin(
  deps: LoginDependencies,
  kind: LoginKind,
  callbackUrl: URL,
  client: ClientInfo,
  previousSessionIdHash: string | undefined,
): Promise<LoginResult> {
  const fail = async (reason: LoginFailure, returnTo?: string): Promise<LoginResult> => {
    await audit(deps.db, { actor: { kind: "anonymous" }, action: "login_failed", client, details: { kind, reason } });
    return { ok: false, reason, returnTo };
  };

  const state = callbackUrl.searchParams.get("state");
  if (!state || state.length > 200) return fail("state");
  const [attempt] = await deps.db
    .update(loginAttempt)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(loginAttempt.stateHash, hashState(state)),
        eq(loginAttempt.kind, kind),
        isNull(loginAttempt.usedAt),
        gt(loginAttempt.createdAt, new Date(Date.now() - ATTEMPT_LIFETIME_MS)),
      ),
    )
    .returning();
  if (!attempt) return fail("state");

  const error = callbackUrl.searchParams.get("error");
  if (error) return fail(error === "access_denied" ? "cancelled" : "provider_error", attempt.returnTo);

  let result;
  try {
    const needs =
      kind === "resident"
        ? [deps.residentClaims.personalNumber, deps.residentClaims.name]
        : [deps.staffClaims.roles, deps.staffClaims.name];
    result = await deps.relyingParty.finish(
      callbackUrl,
      { state, nonce: attempt.nonce, codeVerifier: attempt.codeVerifier },
      needs,
    );
  } catch (e) {
    return fail(e instanceof ProviderUnavailableError ? "provider_unavailable" : "token", attempt.returnTo);
  }

  if (kind === "resident") {
    const identity = residentIdentityFromClaims(result, deps.residentClaims, deps.protectedIdentityClaim);
    if (!identity.ok) return fail(identity.reason, attempt.returnTo);
    const personId = await upsertPerson(
      deps.db,
      { keyring: deps.keyring, personLookup: deps.personLookup },
      identity.identity,
    );
    const { id } = await createSession(
      deps.db,
      deps.keyring,
      deps.policy,
      { kind: "resident", personId },
      { client, previousIdHash: previousSessionIdHash },
    );
    return { ok: true, sessionId: id, returnTo: attempt.returnTo };
  }

  const staff = staffFromClaims(result, deps.staffClaims);
  if (!staff.ok) return fail(staff.reason, attempt.returnTo);
  await recordStaffMember(deps.db, deps.keyring, staff.staff);
  const { id } = await createSession(
    deps.db,
    deps.keyring,
    deps.policy,
    { kind: "staff", staff: staff.staff },
    { client, previousIdHash: previousSessionIdHash },
  );
  return { ok: true, sessionId: id, returnTo: attempt.returnTo };
}
