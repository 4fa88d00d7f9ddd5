import type { Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import express from "express";
import * as oidc from "openid-client";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { auditEvent, loginAttempt, session, staffMember } from "#db/schema";
import { createDevIdentityProvider } from "~/auth/dev-idp/provider.server";
import { finishLogin, startLogin, type LoginDependencies, type LoginKind } from "~/auth/login.server";
import { RelyingParty } from "~/auth/relying-party.server";
import { endSession, hashSessionId, removeStaleSessions, resolveSession } from "~/auth/sessions.server";
import { loadConfig, type Config } from "~/config.server";
import { createLogger } from "~/logger.server";
import { staffNames } from "~/auth/staff-directory.server";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases";
import { freePort } from "../support/portal-process";
import { loginAtDevIdp } from "../support/dev-idp-driver";

let server: Server;
let config: Config;

beforeAll(async () => {
  const port = await freePort();
  config = loadConfig({
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "ingang-login-")),
  });
  const app = express();
  app.use(
    "/dev-idp",
    createDevIdentityProvider({
      issuer: config.auth.devIdentityProvider!.issuer,
      resident: config.auth.resident,
      staff: config.auth.staff,
      residentClaims: config.auth.residentClaims,
      protectedIdentityClaim: config.auth.protectedIdentityClaim,
      staffClaims: config.auth.staffClaims,
      logger: createLogger("silent"),
    }),
  );
  server = app.listen(port);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = { ip: "192.0.2.10", userAgent: "vitest" };

describeEachDatabase("login with the embedded identity provider", (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await freshDatabase(kind);
  });
  afterEach(() => database.dispose());

  function deps(
    overrides: Partial<LoginDependencies> = {},
    metadata: Partial<oidc.ClientMetadata> = {},
  ): LoginDependencies {
    return {
      db: database.db,
      keyring: config.secrets.keyring,
      personLookup: config.secrets.personLookup,
      policy: { idleMs: config.auth.idleMs, maxMs: config.auth.maxMs },
      relyingParty: new RelyingParty(config.auth.resident, {}, metadata),
      residentClaims: config.auth.residentClaims,
      protectedIdentityClaim: config.auth.protectedIdentityClaim,
      staffClaims: config.auth.staffClaims,
      ...overrides,
    };
  }

  async function callbackFor(d: LoginDependencies, loginKind: LoginKind, choice: Parameters<typeof loginAtDevIdp>[1]) {
    const url = await startLogin(d, loginKind, "/mina-sidor");
    const redirect = loginKind === "resident" ? config.auth.resident.redirectUri : config.auth.staff.redirectUri;
    return loginAtDevIdp(url, choice, redirect.href);
  }

  const failures = async () =>
    (await database.db.select().from(auditEvent).where(eq(auditEvent.action, "login_failed"))).map(
      (e) => e.details?.reason,
    );

  it("logs a resident in with code flow, PKCE, state and nonce, and resolves the session", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { person: "anna" });
    expect(callback.searchParams.get("code")).toBeTruthy();
    const result = await finishLogin(d, "resident", callback, client, undefined);
    expect(result).toMatchObject({ ok: true, returnTo: "/mina-sidor" });
    if (!result.ok) return;

    const current = await resolveSession(database.db, config.secrets.keyring, d.policy, result.sessionId);
    expect(current).toMatchObject({
      kind: "resident",
      person: { pnr: "198503129820", name: "Anna Andersson", protectedIdentity: false },
    });

    const [login] = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "login"));
    expect(login).toMatchObject({ actorKind: "person", ip: "192.0.2.10", userAgent: "vitest" });
    // The database holds neither the session id nor the personnummer in the clear.
    const [row] = await database.db.select().from(session);
    expect(row!.idHash).toBe(hashSessionId(result.sessionId));
    expect(JSON.stringify(await database.db.execute("select * from person" as never))).not.toContain("198503129820");
  });

  it("marks a person with protected personal data from the provider's claim", async () => {
    const d = deps();
    const result = await finishLogin(
      d,
      "resident",
      await callbackFor(d, "resident", { person: "eva" }),
      client,
      undefined,
    );
    if (!result.ok) throw new Error(result.reason);
    const current = await resolveSession(database.db, config.secrets.keyring, d.policy, result.sessionId);
    expect(current).toMatchObject({ person: { protectedIdentity: true } });
  });

  it("logs in a person with a samordningsnummer", async () => {
    const d = deps();
    const result = await finishLogin(
      d,
      "resident",
      await callbackFor(d, "resident", { person: "gustav" }),
      client,
      undefined,
    );
    expect(result.ok).toBe(true);
  });

  it("gives a new session id at login and ends the one the browser carried (no fixation)", async () => {
    const d = deps();
    const first = await finishLogin(
      d,
      "resident",
      await callbackFor(d, "resident", { person: "anna" }),
      client,
      undefined,
    );
    if (!first.ok) throw new Error(first.reason);
    const second = await finishLogin(
      d,
      "resident",
      await callbackFor(d, "resident", { person: "bengt" }),
      client,
      hashSessionId(first.sessionId),
    );
    if (!second.ok) throw new Error(second.reason);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(await resolveSession(database.db, config.secrets.keyring, d.policy, first.sessionId)).toBeNull();
    expect(await resolveSession(database.db, config.secrets.keyring, d.policy, second.sessionId)).toMatchObject({
      person: { name: "Bengt Andersson" },
    });
  });

  it("refuses a callback with a state it never issued", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { person: "anna" });
    callback.searchParams.set("state", "forged-state");
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({ ok: false, reason: "state" });
    expect(await failures()).toEqual(["state"]);
  });

  it("refuses a replayed callback", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { person: "anna" });
    expect((await finishLogin(d, "resident", callback, client, undefined)).ok).toBe(true);
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({ ok: false, reason: "state" });
  });

  it("refuses a resident callback presented at the staff callback", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { person: "anna" });
    expect(await finishLogin(d, "staff", callback, client, undefined)).toMatchObject({ ok: false, reason: "state" });
  });

  it("refuses an ID token whose nonce does not match", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { person: "anna" });
    await database.db.update(loginAttempt).set({ nonce: "another-nonce" });
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({ ok: false, reason: "token" });
  });

  it("refuses a code used with the wrong PKCE verifier", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { person: "anna" });
    await database.db.update(loginAttempt).set({ codeVerifier: oidc.randomPKCECodeVerifier() });
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({ ok: false, reason: "token" });
  });

  it("refuses an expired ID token", async () => {
    // The relying party's clock runs two hours ahead of the provider's: every token it gets has expired.
    const d = deps({}, { [oidc.clockSkew]: 7200 });
    const callback = await callbackFor(d, "resident", { person: "anna" });
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({ ok: false, reason: "token" });
  });

  it("reports a cancelled login", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { cancel: true });
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({
      ok: false,
      reason: "cancelled",
      returnTo: "/mina-sidor",
    });
  });

  it("refuses a number that is not a valid personnummer", async () => {
    const d = deps();
    const callback = await callbackFor(d, "resident", { typed: "19850312-9821" });
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({
      ok: false,
      reason: "invalid_number",
    });
  });

  it("reports a missing number claim (here: the broker uses another claim name than configured)", async () => {
    const d = deps({
      residentClaims: { ...config.auth.residentClaims, personalNumber: "ssn", coordinationNumber: undefined },
    });
    const callback = await callbackFor(d, "resident", { person: "anna" });
    expect(await finishLogin(d, "resident", callback, client, undefined)).toMatchObject({
      ok: false,
      reason: "missing_number",
    });
  });

  it("reports an identity provider that is down", async () => {
    const down = new RelyingParty({ ...config.auth.resident, issuer: new URL("http://127.0.0.1:9/dev-idp") });
    await expect(startLogin(deps({ relyingParty: down }), "resident", "/")).rejects.toMatchObject({
      name: "ProviderUnavailableError",
    });
  });

  it("logs staff in with their roles, and refuses staff without a role", async () => {
    const d = deps({ relyingParty: new RelyingParty(config.auth.staff) });
    const result = await finishLogin(
      d,
      "staff",
      await callbackFor(d, "staff", { person: "rasmus" }),
      client,
      undefined,
    );
    if (!result.ok) throw new Error(result.reason);
    const current = await resolveSession(database.db, config.secrets.keyring, d.policy, result.sessionId);
    expect(current).toMatchObject({
      kind: "staff",
      staff: { name: "Rasmus Rask", roles: ["skyddad", "mottagning-barn-unga", "mottagning-vuxna"] },
    });

    const noRoles = deps({
      relyingParty: new RelyingParty(config.auth.staff),
      staffClaims: { ...config.auth.staffClaims, roleMap: new Map() },
    });
    const refused = await finishLogin(
      noRoles,
      "staff",
      await callbackFor(noRoles, "staff", { person: "frida" }),
      client,
      undefined,
    );
    expect(refused).toMatchObject({ ok: false, reason: "no_role" });

    // The staff directory names Rasmus (sealed at rest) from his login's claims; Frida, refused, is not in it.
    const subject = current!.kind === "staff" ? current!.staff.subject : "";
    const directory = await database.db.select().from(staffMember);
    expect(directory.map((r) => r.subject)).toEqual([subject]);
    expect(directory[0]!.nameSealed).not.toContain("Rasmus");
    expect(await staffNames(database.db, config.secrets.keyring, [subject, "staff:nobody"])).toEqual(
      new Map([[subject, "Rasmus Rask"]]),
    );
  });

  it("ends a session after 20 idle minutes and after its absolute lifetime, and audits it", async () => {
    const d = deps();
    const result = await finishLogin(
      d,
      "resident",
      await callbackFor(d, "resident", { person: "anna" }),
      client,
      undefined,
    );
    if (!result.ok) throw new Error(result.reason);
    const policy = { idleMs: 20 * 60_000, maxMs: 8 * 3_600_000 };
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);

    expect(await resolveSession(database.db, config.secrets.keyring, policy, result.sessionId, at(19))).not.toBeNull();
    // Activity at 19 minutes moved the idle deadline: 38 minutes in is still within 20 of it.
    expect(await resolveSession(database.db, config.secrets.keyring, policy, result.sessionId, at(38))).not.toBeNull();
    expect(await resolveSession(database.db, config.secrets.keyring, policy, result.sessionId, at(59))).toBeNull();
    const [expired] = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "session_expired"));
    expect(expired).toMatchObject({ details: { reason: "idle" } });

    const again = await finishLogin(
      d,
      "resident",
      await callbackFor(d, "resident", { person: "anna" }),
      client,
      undefined,
    );
    if (!again.ok) throw new Error(again.reason);
    const short = { idleMs: 20 * 60_000, maxMs: 30 * 60_000 };
    await database.db.update(session).set({ expiresAt: at(30) });
    expect(await resolveSession(database.db, config.secrets.keyring, short, again.sessionId, at(15))).not.toBeNull();
    expect(await resolveSession(database.db, config.secrets.keyring, short, again.sessionId, at(31))).toBeNull();
  });

  it("audits a session the clean-up removes, and one the browser's idle timer ends, as expired", async () => {
    const d = deps();
    const login = async () => {
      const result = await finishLogin(
        d,
        "resident",
        await callbackFor(d, "resident", { person: "anna" }),
        client,
        undefined,
      );
      if (!result.ok) throw new Error(result.reason);
      return result.sessionId;
    };
    const expiries = async () =>
      (await database.db.select().from(auditEvent).where(eq(auditEvent.action, "session_expired"))).map(
        (e) => e.details,
      );
    const policy = { idleMs: 20 * 60_000, maxMs: 8 * 3_600_000 };

    await login();
    await removeStaleSessions(database.db, policy, new Date(Date.now() + 21 * 60_000));
    expect(await database.db.select().from(session)).toHaveLength(0);
    expect(await expiries()).toEqual([{ reason: "idle" }]);

    const current = await resolveSession(database.db, config.secrets.keyring, policy, await login());
    await endSession(database.db, current!, client, "idle");
    expect(await expiries()).toEqual([{ reason: "idle" }, { reason: "idle" }]);
    const [row] = await database.db.select().from(auditEvent).where(eq(auditEvent.action, "logout"));
    expect(row).toBeUndefined();
  });
});
