import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { exempelkommunen } from "~/municipality/exempelkommunen";

const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-config-"));
const load = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, ...env });

const fail = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be refused");
};

describe("configuration", () => {
  it("starts on embedded defaults with nothing set", () => {
    const config = load();
    expect(config.env).toBe("development");
    expect(config.port).toBe(3000);
    expect(config.publicUrl.href).toBe("http://localhost:3000/");
    expect(config.database.kind).toBe("pglite");
    expect(config.secure).toBe(false);
    expect(config.municipality.name).toBe("Exempelkommunen");
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = load({ DATABASE_URL: "postgres://u@db:5432/ingang" });
    expect(config.database).toEqual({
      kind: "postgres",
      url: "postgres://u@db:5432/ingang",
      migrationUrl: "postgres://u@db:5432/ingang",
    });
    // In production the owner's URL is never assumed: only `npm run migrate` is given it.
    expect(
      load({ DATABASE_URL: "postgres://portal@db/ingang", DATABASE_MIGRATION_URL: "postgres://owner@db/ingang" })
        .database,
    ).toMatchObject({ migrationUrl: "postgres://owner@db/ingang" });
  });

  it("names the variable and what it expects in one line", () => {
    const message = fail({ PORT: "abc" });
    expect(message).toBe('PORT must be a port number from 1 to 65535 (got "abc")');
    expect(message).not.toContain("\n");
    expect(fail({ APP_ENV: "staging" })).toMatch(/^APP_ENV must be one of development, test, production/);
    expect(fail({ PUBLIC_URL: "ftp://x" })).toMatch(/^PUBLIC_URL must be/);
  });

  it("never echoes a secret back", () => {
    const message = fail({ DATABASE_URL: "mysql://user:hunter2@db/x" });
    expect(message).toMatch(/^DATABASE_URL must be/);
    expect(message).not.toContain("hunter2");
  });

  it("refuses unsafe defaults in production, one at a time", () => {
    const municipality = path.join(dataDir, "municipality.json");
    writeFileSync(municipality, JSON.stringify(exempelkommunen));
    const key = randomBytes(32).toString("base64");
    const steps: [Record<string, string>, RegExp][] = [
      [{ APP_ENV: "production" }, /^PUBLIC_URL must be an https:\/\/ address in production/],
      [{ PUBLIC_URL: "https://e.kommun.se" }, /^MUNICIPALITY_FILE must be set/],
      [{ MUNICIPALITY_FILE: municipality }, /^SESSION_SECRET must be set in production/],
      [{ SESSION_SECRET: randomBytes(30).toString("base64url") }, /^PERSON_LOOKUP_KEY must be set/],
      [{ PERSON_LOOKUP_KEY: randomBytes(30).toString("base64url") }, /^ENCRYPTION_KEYS must be set/],
      [
        { ENCRYPTION_KEYS: `2026:${key}` },
        /^OIDC_ISSUER must be set in production \(the embedded test identity provider/,
      ],
      [
        { OIDC_ISSUER: "https://broker.example", OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "x" },
        /^STAFF_OIDC_ISSUER must be set/,
      ],
      [
        { STAFF_OIDC_ISSUER: "https://idp.kommun.se", STAFF_OIDC_CLIENT_ID: "portal", STAFF_OIDC_CLIENT_SECRET: "y" },
        /^CLAMD_ADDRESS must be set in production/,
      ],
      [
        { CLAMD_ADDRESS: "tcp://clamd:3310" },
        /^ACUTE_ALERT_EMAIL or ACUTE_ALERT_WEBHOOK_URL must be set in production/,
      ],
      [{ ACUTE_ALERT_EMAIL: "mottagningen@kommun.se" }, /^SMTP_URL must be set in production/],
      [
        { SMTP_URL: "smtps://portal:pw@mail.kommun.se:465" },
        /^DATABASE_URL must be set in production \(the embedded PGlite/,
      ],
    ];
    let env: Record<string, string> = {};
    for (const [add, refusal] of steps) {
      env = { ...env, ...add };
      expect(fail(env)).toMatch(refusal);
    }
    const config = load({ ...env, DATABASE_URL: "postgres://ingang@db.kommun.se:5432/ingang" });
    expect(config.database.kind).toBe("postgres");
    expect(config.auth.devIdentityProvider).toBeNull();
    expect(config.auth.resident.allowHttp).toBe(false);
    expect(config.secrets.keyring.activeKeyId).toBe("2026");
    // No SMS gateway: text messages are not offered, rather than kept unsent.
    expect(config.notices.sms).toBe(false);
    expect(
      load({ ...env, DATABASE_URL: "postgres://db/ingang", SMS_GATEWAY_URL: "https://sms.example" }).notices.sms,
    ).toBe(true);
    expect(load({}).notices.sms).toBe(true);
  });

  it("refuses weak, reused and cleartext secrets in production, each with its reason", () => {
    const municipality = path.join(dataDir, "municipality.json");
    writeFileSync(municipality, JSON.stringify(exempelkommunen));
    const good = {
      APP_ENV: "production",
      PUBLIC_URL: "https://e.kommun.se",
      MUNICIPALITY_FILE: municipality,
      SESSION_SECRET: randomBytes(30).toString("base64url"),
      PERSON_LOOKUP_KEY: randomBytes(16).toString("hex"),
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString("base64")},k2:${randomBytes(32).toString("base64")}`,
      OIDC_ISSUER: "https://broker.example",
      OIDC_CLIENT_ID: "portal",
      OIDC_CLIENT_SECRET: "x",
      STAFF_OIDC_ISSUER: "https://idp.kommun.se",
      STAFF_OIDC_CLIENT_ID: "portal",
      STAFF_OIDC_CLIENT_SECRET: "y",
      CLAMD_ADDRESS: "tcp://clamd:3310",
      ACUTE_ALERT_EMAIL: "mottagningen@kommun.se",
      SMTP_URL: "smtps://portal:pw@mail.kommun.se:465",
      DATABASE_URL: "postgres://ingang@db.kommun.se:5432/ingang",
    };
    expect(load(good).production).toBe(true);
    const zero = Buffer.alloc(32).toString("base64");
    const cases: [Record<string, string>, RegExp][] = [
      [{ SESSION_SECRET: "a".repeat(36) }, /^SESSION_SECRET must be .*: it repeats too few characters/],
      [{ PERSON_LOOKUP_KEY: "abcdefgh".repeat(5) }, /^PERSON_LOOKUP_KEY must be .*low entropy/],
      [{ METRICS_TOKEN: "0123456789".repeat(4) }, /^METRICS_TOKEN must be .*low entropy/],
      [{ ENCRYPTION_KEYS: `k1:${zero}` }, /^ENCRYPTION_KEYS must hold random keys in production: a key is all zeros/],
      [
        { ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}` },
        /^ENCRYPTION_KEYS must hold random keys .*repeats too few byte values/,
      ],
      [{ PERSON_LOOKUP_KEY: good.SESSION_SECRET }, /^PERSON_LOOKUP_KEY must not be the same as SESSION_SECRET/],
      [{ METRICS_TOKEN: good.PERSON_LOOKUP_KEY }, /^METRICS_TOKEN must not be the same as PERSON_LOOKUP_KEY/],
      [
        {
          ENCRYPTION_KEYS: `k1:${good.ENCRYPTION_KEYS.split(",")[0]!.slice(3)},k2:${good.ENCRYPTION_KEYS.split(",")[0]!.slice(3)}`,
        },
        /^ENCRYPTION_KEYS must not hold the same key under two ids/,
      ],
      [{ OIDC_ISSUER: "http://broker.example" }, /^OIDC_ISSUER must be an https:\/\/ address in production/],
      [{ STAFF_OIDC_ISSUER: "http://idp.kommun.se" }, /^STAFF_OIDC_ISSUER must be an https:\/\/ address/],
    ];
    for (const [change, refusal] of cases) {
      const message = fail({ ...good, ...change });
      expect(message).toMatch(refusal);
      expect(message).not.toContain("\n");
      for (const value of Object.values(change)) if (value.length >= 32) expect(message).not.toContain(value);
    }
    // Outside production the same values are accepted: a developer's machine is not guarded.
    expect(load({ SESSION_SECRET: "a".repeat(36) }).production).toBe(false);
  });

  it("reads the claim names from a preset, each overridable", () => {
    expect(load({ OIDC_CLAIM_PRESET: "freja" }).auth.residentClaims.personalNumber).toBe(
      "https://frejaeid.com/oidc/claims/personalIdentityNumber",
    );
    expect(
      load({ OIDC_CLAIM_PRESET: "criipto", OIDC_PERSONAL_NUMBER_CLAIM: "custom" }).auth.residentClaims.personalNumber,
    ).toBe("custom");
    expect(fail({ OIDC_CLAIM_PRESET: "bankid-direct" })).toMatch(
      /^OIDC_CLAIM_PRESET must be one of swedish-oidc, criipto, signicat, freja/,
    );
  });

  it("checks the encryption keys and the staff role map", () => {
    expect(fail({ ENCRYPTION_KEYS: "k1:short" })).toMatch(/^ENCRYPTION_KEYS must be a comma-separated list/);
    const key = Buffer.alloc(32, 1).toString("base64");
    expect(fail({ ENCRYPTION_KEYS: `k1:${key}`, ENCRYPTION_KEY_ID: "k2" })).toMatch(
      /^ENCRYPTION_KEY_ID must name one of the keys/,
    );
    expect(fail({ STAFF_ROLE_MAP: "group-1=boss" })).toMatch(/^STAFF_ROLE_MAP must map to roles among/);
    expect(load({ STAFF_ROLE_MAP: "SG-Familjeratt=familjeratt" }).auth.staffClaims.roleMap.get("SG-Familjeratt")).toBe(
      "familjeratt",
    );
  });

  it("keeps generated development secrets across restarts", () => {
    expect(load().secrets.session.equals(load().secrets.session)).toBe(true);
  });

  it("reads and validates the municipality file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ingang-"));
    const good = path.join(dir, "good.json");
    writeFileSync(good, JSON.stringify({ ...exempelkommunen, name: "Norrköping" }));
    expect(load({ MUNICIPALITY_FILE: good }).municipality.name).toBe("Norrköping");

    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...exempelkommunen, contact: { ...exempelkommunen.contact, email: "nope" } }));
    expect(fail({ MUNICIPALITY_FILE: bad })).toMatch(
      /^MUNICIPALITY_FILE must match the municipality schema: contact\.email/,
    );
    expect(fail({ MUNICIPALITY_FILE: path.join(dir, "missing.json") })).toMatch(
      /^MUNICIPALITY_FILE must be a readable JSON file/,
    );
  });

  it("marks cookies secure and sends HSTS only behind https", () => {
    expect(load({ PUBLIC_URL: "https://e.kommun.se" }).secure).toBe(true);
  });
});
