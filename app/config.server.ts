import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { claimPresetNames, claimPresets, type ClaimNames } from "./auth/claim-presets";
import { devIssuerAt, oidcClientConfig } from "./auth/oidc-client-config.server";
import { staffRoles, type StaffRole } from "./auth/staff-roles";
import type { Keyring } from "./crypto/envelope";
import { devSecrets } from "./dev-secrets.server";
import { eServices } from "./e-services/registry.server";
import { exempelkommunen } from "./municipality/exempelkommunen";
import { municipalitySchema, type Municipality } from "./municipality/municipality";
import { weakKeyReason, weakSecretReason } from "./secret-strength";
import {
  ConfigError,
  optionalSecret,
  optionalString,
  optionalUrl,
  readVariables,
  variable,
  type Environment,
  type ValuesOf,
  type Variables,
} from "./settings/variables";

/**
 * One typed configuration, read from the environment once at start-up: the portal's own
 * variables and every registered e-service's (its module's `settings`).
 * A bad value stops start-up with one line that names the variable and what it expects.
 */

export { ConfigError };

const claimName = optionalString.pipe(z.string().max(200).optional());
const scopeList = optionalString.pipe(
  z
    .string()
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/)
    .transform((s) => s.split(" "))
    .optional(),
);

const variables = {
  APP_ENV: variable(
    z.enum(["development", "test", "production"]).default("development"),
    "one of development, test, production",
  ),
  PORT: variable(z.coerce.number().int().min(1).max(65535).default(3000), "a port number from 1 to 65535"),
  HOST: variable(z.string().min(1).default("127.0.0.1"), "a host name or IP address to listen on"),
  PUBLIC_URL: variable(optionalUrl, "the portal's public address, such as https://e-tjanster.kommun.se"),
  TRUST_PROXY: variable(
    z.coerce.number().int().min(0).max(10).default(0),
    "the number of reverse proxies in front of the portal (0 to 10)",
  ),
  DATA_DIR: variable(z.string().min(1).default("./data"), "a directory path"),
  DATABASE_URL: variable(
    optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//)
        .optional(),
    ),
    "a postgres:// connection URL, or empty for the embedded database (not in production)",
    true,
  ),
  DATABASE_MIGRATION_URL: variable(
    optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//)
        .optional(),
    ),
    "a postgres:// connection URL for the role that owns the tables (migrations), or empty for DATABASE_URL's",
    true,
  ),
  LOG_LEVEL: variable(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    "one of fatal, error, warn, info, debug, trace, silent",
  ),
  MUNICIPALITY_FILE: variable(optionalString, "a path to the municipality's JSON file"),
  SHUTDOWN_GRACE_SECONDS: variable(
    z.coerce.number().min(0).max(60).default(8),
    "the seconds (0 to 60) to let requests finish on shutdown",
  ),
  DRAFT_RETENTION_DAYS: variable(
    z.coerce.number().int().min(1).max(365).default(30),
    "the number of days (1 to 365) an unsent draft is kept",
  ),

  SESSION_SECRET: variable(optionalSecret, "at least 32 random characters", true),
  PERSON_LOOKUP_KEY: variable(optionalSecret, "at least 32 random characters, never changed once set", true),
  ENCRYPTION_KEYS: variable(
    optionalString.pipe(
      z
        .string()
        .regex(/^[\w-]{1,32}:[A-Za-z0-9+/_-]{43}=?(,[\w-]{1,32}:[A-Za-z0-9+/_-]{43}=?)*$/)
        .optional(),
    ),
    "a comma-separated list of id:key, each key 32 random bytes in base64 (openssl rand -base64 32)",
    true,
  ),
  ENCRYPTION_KEY_ID: variable(optionalString, "the id of the key in ENCRYPTION_KEYS to encrypt new data with"),
  SESSION_IDLE_MINUTES: variable(
    z.coerce.number().int().min(5).max(120).default(20),
    "the minutes (5 to 120) of inactivity after which a person is logged out",
  ),
  SESSION_MAX_HOURS: variable(
    z.coerce.number().int().min(1).max(24).default(8),
    "the hours (1 to 24) a login lasts at most",
  ),

  OIDC_ISSUER: variable(optionalUrl, "the e-ID broker's issuer URL, or empty for the embedded test identity provider"),
  OIDC_CLIENT_ID: variable(optionalString, "the client id the e-ID broker gave the portal"),
  OIDC_CLIENT_SECRET: variable(optionalString, "the client secret the e-ID broker gave the portal", true),
  OIDC_PRIVATE_KEY_FILE: variable(optionalString, "a path to a PEM private key for private_key_jwt"),
  OIDC_CLAIM_PRESET: variable(
    z.enum(claimPresetNames).default("swedish-oidc"),
    `one of ${claimPresetNames.join(", ")}`,
  ),
  OIDC_SCOPES: variable(scopeList, "space-separated scopes"),
  OIDC_PERSONAL_NUMBER_CLAIM: variable(claimName, "a claim name"),
  OIDC_COORDINATION_NUMBER_CLAIM: variable(claimName, "a claim name"),
  OIDC_NAME_CLAIM: variable(claimName, "a claim name"),
  OIDC_GIVEN_NAME_CLAIM: variable(claimName, "a claim name"),
  OIDC_FAMILY_NAME_CLAIM: variable(claimName, "a claim name"),
  OIDC_PROTECTED_IDENTITY_CLAIM: variable(claimName, "a claim name"),
  OIDC_ACR_VALUES: variable(optionalString, "space-separated authentication context class references"),

  STAFF_OIDC_ISSUER: variable(optionalUrl, "the staff identity provider's issuer URL"),
  STAFF_OIDC_CLIENT_ID: variable(optionalString, "the staff client id"),
  STAFF_OIDC_CLIENT_SECRET: variable(optionalString, "the staff client secret", true),
  STAFF_OIDC_PRIVATE_KEY_FILE: variable(optionalString, "a path to a PEM private key for private_key_jwt"),
  STAFF_OIDC_SCOPES: variable(scopeList, "space-separated scopes"),
  STAFF_ROLES_CLAIM: variable(optionalString.pipe(z.string().default("roles")), "a claim name"),
  STAFF_NAME_CLAIM: variable(optionalString.pipe(z.string().default("name")), "a claim name"),
  STAFF_ROLE_MAP: variable(
    optionalString.pipe(
      z
        .string()
        .regex(/^[^=,]+=[\w-]+(,[^=,]+=[\w-]+)*$/)
        .optional(),
    ),
    `a comma-separated list of claim-value=role, roles being ${staffRoles.join(", ")}`,
  ),

  STORAGE: variable(z.enum(["local", "s3"]).default("local"), "local or s3"),
  S3_BUCKET: variable(optionalString, "an S3 bucket name"),
  S3_REGION: variable(optionalString.pipe(z.string().default("eu-north-1")), "an S3 region"),
  S3_ENDPOINT: variable(optionalUrl, "the S3-compatible service's URL, or empty for AWS"),
  S3_ACCESS_KEY_ID: variable(optionalString, "an access key id", true),
  S3_SECRET_ACCESS_KEY: variable(optionalString, "a secret access key", true),
  S3_FORCE_PATH_STYLE: variable(
    z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
    "true or false",
  ),
  CLAMD_ADDRESS: variable(
    optionalString.pipe(
      z
        .string()
        .regex(/^(tcp:\/\/[^:/]+:\d{1,5}|unix:\/.+)$/)
        .optional(),
    ),
    "tcp://host:3310 or unix:/path/to/clamd.ctl",
  ),
  ACUTE_ALERT_EMAIL: variable(
    optionalString.pipe(
      z
        .string()
        .regex(/^[^\s,@]+@[^\s,@]+(,[^\s,@]+@[^\s,@]+)*$/)
        .optional(),
    ),
    "one or more e-mail addresses, comma-separated, that hear of an acute report at once",
  ),
  ACUTE_ALERT_WEBHOOK_URL: variable(optionalUrl, "an https URL to POST an acute report's reference to"),
  SMTP_URL: variable(
    optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//)
        .optional(),
    ),
    "an smtp:// or smtps:// URL such as smtps://user:password@mail.kommun.se:465",
    true,
  ),
  MAIL_FROM: variable(optionalString.pipe(z.string().default("no-reply@localhost")), "a sender address"),
  SMS_GATEWAY_URL: variable(optionalUrl, "the HTTPS URL of an SMS gateway taking {to, message} as JSON"),
  SMS_GATEWAY_TOKEN: variable(optionalString, "the SMS gateway's bearer token", true),
  QUEUE_RETRY_LIMIT: variable(
    z.coerce.number().int().min(0).max(20).default(5),
    "how many times (0 to 20) a failed queue item is retried before it is dead-lettered",
  ),
  QUEUE_RETRY_DELAY_SECONDS: variable(
    z.coerce.number().int().min(1).max(3600).default(30),
    "the first retry's delay in seconds (1 to 3600); it doubles for each retry",
  ),
  QUEUE_LEASE_SECONDS: variable(
    z.coerce.number().int().min(10).max(86_400).default(300),
    "how long (10 to 86400 s) a robot holds a claimed item before it goes back to the queue",
  ),
  ROBOT_RATE_LIMIT: variable(
    z.coerce.number().min(0.1).max(1000).default(20),
    "the requests per second (0.1 to 1000) one robot token may make to the robot API",
  ),
  ROBOT_RATE_BURST: variable(
    z.coerce.number().int().min(1).max(10_000).default(100),
    "the requests (1 to 10000) one robot token may make at once before its rate limit applies",
  ),
  METRICS_TOKEN: variable(
    optionalSecret,
    "at least 32 random characters, the bearer token Prometheus sends to /metrics",
    true,
  ),
  UPLOAD_MAX_FILE_MB: variable(z.coerce.number().int().min(1).max(100).default(20), "megabytes per file (1 to 100)"),
  UPLOAD_MAX_FILES: variable(z.coerce.number().int().min(1).max(50).default(10), "files per submission (1 to 50)"),
  UPLOAD_MAX_TOTAL_MB: variable(
    z.coerce.number().int().min(1).max(500).default(60),
    "megabytes per submission in all (1 to 500)",
  ),
} satisfies Variables;

/** The variables the portal reads for itself; e-services read their own (`settings`). */
export const portalVariableNames: readonly string[] = Object.keys(variables);

/** Every variable the portal reads, its e-services' too; the README's configuration reference names each one. */
export const variableNames: readonly string[] = [
  ...portalVariableNames,
  ...eServices.flatMap((m) => Object.keys(m.settings?.variables ?? {})),
];

type Raw = ValuesOf<typeof variables>;

/** Each registered e-service's settings, read after the portal's own. */
function readServiceSettings(env: Environment): ReadonlyMap<string, unknown> {
  return new Map(
    eServices.flatMap(({ settings }) => (settings ? [[settings.serviceId, settings.read(env)] as const] : [])),
  );
}

function readMunicipality(file: string | undefined): Municipality {
  if (!file) return exempelkommunen;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(
      `MUNICIPALITY_FILE must be a readable JSON file (${(error as Error).message.split("\n")[0]})`,
    );
  }
  const result = municipalitySchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(
      `MUNICIPALITY_FILE must match the municipality schema: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  return result.data;
}

function readKeyring(keys: string, activeId: string | undefined): Keyring {
  const map = new Map<string, Buffer>();
  for (const entry of keys.split(",")) {
    const [id, key] = entry.split(":") as [string, string];
    map.set(id, Buffer.from(key, "base64"));
  }
  const activeKeyId = activeId ?? keys.split(":")[0]!;
  if (!map.has(activeKeyId)) throw new ConfigError("ENCRYPTION_KEY_ID must name one of the keys in ENCRYPTION_KEYS");
  return { activeKeyId, keys: map };
}

function readRoleMap(value: string | undefined): Map<string, StaffRole> {
  const map = new Map<string, StaffRole>(staffRoles.map((r) => [r, r]));
  if (!value) return map;
  map.clear();
  for (const entry of value.split(",")) {
    const [claimValue, role] = entry.split("=") as [string, string];
    if (!(staffRoles as readonly string[]).includes(role)) {
      throw new ConfigError(`STAFF_ROLE_MAP must map to roles among ${staffRoles.join(", ")} (got "${role}")`);
    }
    map.set(claimValue.trim(), role as StaffRole);
  }
  return map;
}

export function loadConfig(env: Environment = process.env) {
  const raw = readVariables(variables, env);
  const production = raw.APP_ENV === "production";
  const publicUrl = new URL(raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`);
  const dataDir = path.resolve(raw.DATA_DIR);

  if (production) {
    // Production refuses every default that is only safe on a developer's machine.
    if (publicUrl.protocol !== "https:") throw new ConfigError("PUBLIC_URL must be an https:// address in production");
    if (!raw.MUNICIPALITY_FILE)
      throw new ConfigError(
        "MUNICIPALITY_FILE must be set in production (the demo municipality's contact details are fictional)",
      );
    for (const name of ["SESSION_SECRET", "PERSON_LOOKUP_KEY", "ENCRYPTION_KEYS"] as const) {
      if (!raw[name])
        throw new ConfigError(`${name} must be set in production (generated secrets are for development only)`);
    }
    if (!raw.OIDC_ISSUER)
      throw new ConfigError(
        "OIDC_ISSUER must be set in production (the embedded test identity provider logs anyone in)",
      );
    if (!raw.STAFF_OIDC_ISSUER)
      throw new ConfigError(
        "STAFF_OIDC_ISSUER must be set in production (the embedded test identity provider logs anyone in)",
      );
    if (!raw.CLAMD_ADDRESS)
      throw new ConfigError("CLAMD_ADDRESS must be set in production (no file is stored unscanned)");
    if (!raw.ACUTE_ALERT_EMAIL && !raw.ACUTE_ALERT_WEBHOOK_URL) {
      throw new ConfigError(
        "ACUTE_ALERT_EMAIL or ACUTE_ALERT_WEBHOOK_URL must be set in production (someone must hear of an acute report at once)",
      );
    }
    if (!raw.SMTP_URL)
      throw new ConfigError(
        "SMTP_URL must be set in production (the development mail sink keeps notices in the database)",
      );
    if (!raw.DATABASE_URL)
      throw new ConfigError(
        "DATABASE_URL must be set in production (the embedded PGlite is for development and trials, one process only)",
      );
    refuseWeakSecrets(raw);
  }
  if (raw.STORAGE === "s3" && !raw.S3_BUCKET) throw new ConfigError("S3_BUCKET must be set when STORAGE is s3");
  const eServiceSettings = readServiceSettings(env);

  // Outside production, secrets not given are generated once and kept in the data directory.
  const generated =
    !raw.SESSION_SECRET || !raw.PERSON_LOOKUP_KEY || !raw.ENCRYPTION_KEYS ? devSecrets(dataDir) : undefined;
  const sessionSecret = raw.SESSION_SECRET ?? generated!.sessionSecret;
  const keyring = raw.ENCRYPTION_KEYS
    ? readKeyring(raw.ENCRYPTION_KEYS, raw.ENCRYPTION_KEY_ID)
    : { activeKeyId: "dev", keys: new Map([["dev", Buffer.from(generated!.encryptionKey, "base64")]]) };

  const devIssuer = devIssuerAt(publicUrl);
  const claimsPreset = claimPresets[raw.OIDC_CLAIM_PRESET];
  const claims: ClaimNames = {
    scopes: [...claimsPreset.scopes],
    personalNumber: raw.OIDC_PERSONAL_NUMBER_CLAIM ?? claimsPreset.personalNumber,
    coordinationNumber:
      raw.OIDC_COORDINATION_NUMBER_CLAIM ??
      ("coordinationNumber" in claimsPreset ? claimsPreset.coordinationNumber : undefined),
    name: raw.OIDC_NAME_CLAIM ?? claimsPreset.name,
    givenName: raw.OIDC_GIVEN_NAME_CLAIM ?? claimsPreset.givenName,
    familyName: raw.OIDC_FAMILY_NAME_CLAIM ?? claimsPreset.familyName,
  };

  const login = { publicUrl, production, sessionSecret };
  const resident = oidcClientConfig({
    ...login,
    prefix: "OIDC",
    devClient: "resident",
    issuer: raw.OIDC_ISSUER,
    clientId: raw.OIDC_CLIENT_ID,
    clientSecret: raw.OIDC_CLIENT_SECRET,
    privateKeyFile: raw.OIDC_PRIVATE_KEY_FILE,
    scopes: raw.OIDC_SCOPES ?? claims.scopes,
    callbackPath: "/logga-in/callback",
  });
  const staff = oidcClientConfig({
    ...login,
    prefix: "STAFF_OIDC",
    devClient: "staff",
    issuer: raw.STAFF_OIDC_ISSUER,
    clientId: raw.STAFF_OIDC_CLIENT_ID,
    clientSecret: raw.STAFF_OIDC_CLIENT_SECRET,
    privateKeyFile: raw.STAFF_OIDC_PRIVATE_KEY_FILE,
    scopes: raw.STAFF_OIDC_SCOPES ?? ["profile"],
    callbackPath: "/personal/logga-in/callback",
  });

  return {
    env: raw.APP_ENV,
    production,
    port: raw.PORT,
    host: raw.HOST,
    publicUrl,
    /** Cookies get Secure and responses get HSTS when the public address is https. */
    secure: publicUrl.protocol === "https:",
    trustProxy: raw.TRUST_PROXY,
    dataDir,
    database: raw.DATABASE_URL
      ? ({
          kind: "postgres",
          url: raw.DATABASE_URL,
          /**
           * The owner's connection, for migrations only (npm run migrate); the portal's own role
           * may only add to the audit log (docs/operations.md). Outside production it defaults to
           * the portal's, and a portal given both sets the database up itself at start.
           */
          migrationUrl: raw.DATABASE_MIGRATION_URL ?? (production ? undefined : raw.DATABASE_URL),
        } as const)
      : ({ kind: "pglite", dir: path.join(dataDir, "pglite") } as const),
    logLevel: raw.LOG_LEVEL,
    municipality: readMunicipality(raw.MUNICIPALITY_FILE),
    shutdownGraceMs: raw.SHUTDOWN_GRACE_SECONDS * 1000,
    retention: { draftDays: raw.DRAFT_RETENTION_DAYS },
    secrets: {
      session: Buffer.from(sessionSecret, "utf8"),
      personLookup: Buffer.from(raw.PERSON_LOOKUP_KEY ?? generated!.personLookupKey, "utf8"),
      keyring,
    },
    acuteAlert: {
      // Outside production the alert lands in the development outbox by default.
      emails: (raw.ACUTE_ALERT_EMAIL ?? (production ? "" : "mottagningen@exempelkommunen.example"))
        .split(",")
        .filter(Boolean),
      webhook: raw.ACUTE_ALERT_WEBHOOK_URL ? new URL(raw.ACUTE_ALERT_WEBHOOK_URL) : undefined,
    },
    notices: {
      smtpUrl: raw.SMTP_URL,
      mailFrom: raw.MAIL_FROM,
      smsGateway: raw.SMS_GATEWAY_URL ? { url: raw.SMS_GATEWAY_URL, token: raw.SMS_GATEWAY_TOKEN } : undefined,
      /**
       * Text messages can be chosen only where they can go out: through the gateway, or outside
       * production to the development outbox. Production never keeps phone numbers unsent.
       */
      sms: !!raw.SMS_GATEWAY_URL || !production,
      /** Nothing leaves the machine: notices are kept for reading at /dev/utkorg. */
      devSink: !raw.SMTP_URL,
    },
    /** Each e-service's settings, read by the service itself (`settings.of(config)`). */
    eServiceSettings,
    /** Services whose submissions stay on the unit's own list instead of going to the robot. */
    unitListServices: eServices
      .filter(({ settings }) => settings?.unitList(settings.of({ eServiceSettings })))
      .map((m) => m.definition.id) as readonly string[],
    queue: {
      retryLimit: raw.QUEUE_RETRY_LIMIT,
      retryDelaySeconds: raw.QUEUE_RETRY_DELAY_SECONDS,
      leaseSeconds: raw.QUEUE_LEASE_SECONDS,
    },
    robotApi: { rateLimit: { perSecond: raw.ROBOT_RATE_LIMIT, burst: raw.ROBOT_RATE_BURST } },
    /** /metrics answers only with this bearer token; unset, it does not exist. */
    metricsToken: raw.METRICS_TOKEN,
    attachments: {
      storage:
        raw.STORAGE === "s3"
          ? ({
              kind: "s3",
              bucket: raw.S3_BUCKET!,
              region: raw.S3_REGION,
              endpoint: raw.S3_ENDPOINT,
              credentials:
                raw.S3_ACCESS_KEY_ID && raw.S3_SECRET_ACCESS_KEY
                  ? { accessKeyId: raw.S3_ACCESS_KEY_ID, secretAccessKey: raw.S3_SECRET_ACCESS_KEY }
                  : undefined,
              forcePathStyle: raw.S3_FORCE_PATH_STYLE,
            } as const)
          : ({ kind: "local", dir: path.join(dataDir, "files") } as const),
      clamd: raw.CLAMD_ADDRESS,
      maxFileBytes: raw.UPLOAD_MAX_FILE_MB * 1024 * 1024,
      maxFiles: raw.UPLOAD_MAX_FILES,
      maxTotalBytes: raw.UPLOAD_MAX_TOTAL_MB * 1024 * 1024,
    },
    auth: {
      idleMs: raw.SESSION_IDLE_MINUTES * 60_000,
      maxMs: raw.SESSION_MAX_HOURS * 3_600_000,
      resident,
      residentClaims: claims,
      // The embedded test provider marks its test person with protected data under this name.
      protectedIdentityClaim:
        raw.OIDC_PROTECTED_IDENTITY_CLAIM ?? (raw.OIDC_ISSUER ? undefined : "ingang_protected_identity"),
      acrValues: raw.OIDC_ACR_VALUES,
      staff,
      staffClaims: {
        roles: raw.STAFF_ROLES_CLAIM,
        name: raw.STAFF_NAME_CLAIM,
        roleMap: readRoleMap(raw.STAFF_ROLE_MAP),
      },
      /** The embedded test identity provider, when either login uses it. */
      devIdentityProvider: !raw.OIDC_ISSUER || !raw.STAFF_OIDC_ISSUER ? { issuer: devIssuer } : null,
    },
  };
}

/**
 * Production refuses secrets that only look like secrets: typed by hand, all-zero keys, one
 * value doing two jobs (a leaked metrics token must not also sign forms), identity providers
 * reached over plain http (their tokens would cross the network readable).
 */
function refuseWeakSecrets(raw: Raw) {
  const secrets = (["SESSION_SECRET", "PERSON_LOOKUP_KEY", "METRICS_TOKEN"] as const).filter((name) => raw[name]);
  for (const name of secrets) {
    const reason = weakSecretReason(raw[name]!);
    if (reason) throw new ConfigError(`${name} must be at least 32 random characters in production: ${reason}`);
  }
  for (const [i, a] of secrets.entries()) {
    const reused = secrets.slice(i + 1).find((b) => raw[a] === raw[b]);
    if (reused) throw new ConfigError(`${reused} must not be the same as ${a} (each secret has one job)`);
  }
  const keys = raw.ENCRYPTION_KEYS!.split(",").map((entry) => entry.split(":")[1]!);
  for (const key of keys) {
    const reason = weakKeyReason(Buffer.from(key, "base64"));
    if (reason) throw new ConfigError(`ENCRYPTION_KEYS must hold random keys in production: ${reason}`);
  }
  if (new Set(keys).size < keys.length)
    throw new ConfigError("ENCRYPTION_KEYS must not hold the same key under two ids");
  for (const name of ["OIDC_ISSUER", "STAFF_OIDC_ISSUER"] as const) {
    if (new URL(raw[name]!).protocol !== "https:")
      throw new ConfigError(`${name} must be an https:// address in production (tokens must not cross in clear)`);
  }
}

export type Config = ReturnType<typeof loadConfig>;
