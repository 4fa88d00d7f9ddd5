import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { exempelkommunen } from "./municipality/exempelkommunen";
import { municipalitySchema, type Municipality } from "./municipality/municipality";

/**
 * One typed configuration, read from the environment once at start-up.
 * A bad value stops start-up with one line that names the variable and what it expects.
 */

type Environment = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Variable<T> = {
  schema: z.ZodType<T>;
  /** Completes "NAME must be …". */
  expects: string;
  /** Secrets are never echoed back in an error. */
  secret?: boolean;
};

const variable = <T>(schema: z.ZodType<T>, expects: string, secret = false): Variable<T> => ({
  schema,
  expects,
  secret,
});

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim()));

const variables = {
  APP_ENV: variable(
    z.enum(["development", "test", "production"]).default("development"),
    "one of development, test, production",
  ),
  PORT: variable(z.coerce.number().int().min(1).max(65535).default(3000), "a port number from 1 to 65535"),
  HOST: variable(z.string().min(1).default("127.0.0.1"), "a host name or IP address to listen on"),
  PUBLIC_URL: variable(
    optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    "the portal's public address, such as https://e-tjanster.kommun.se",
  ),
  TRUST_PROXY: variable(
    z.coerce.number().int().min(0).max(10).default(0),
    "the number of reverse proxies in front of the portal (0 to 10)",
  ),
  DATA_DIR: variable(z.string().min(1).default("./data"), "a directory path"),
  DATABASE_URL: variable(
    optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//).optional()),
    "a postgres:// connection URL, or empty for the embedded database",
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
} satisfies Record<string, Variable<unknown>>;

type Raw = { [K in keyof typeof variables]: z.output<(typeof variables)[K]["schema"]> };

function readVariables(env: Environment): Raw {
  const raw: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables) as [string, Variable<unknown>][]) {
    const value = env[name];
    const result = v.schema.safeParse(value === "" ? undefined : value);
    if (!result.success) {
      const got = v.secret || value === undefined ? "" : ` (got ${JSON.stringify(value.slice(0, 60))})`;
      throw new ConfigError(`${name} must be ${v.expects}${got}`);
    }
    raw[name] = result.data;
  }
  return raw as Raw;
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

export function loadConfig(env: Environment = process.env) {
  const raw = readVariables(env);
  const production = raw.APP_ENV === "production";
  const publicUrl = new URL(raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`);

  if (production) {
    // Production refuses every default that is only safe on a developer's machine.
    if (publicUrl.protocol !== "https:") throw new ConfigError("PUBLIC_URL must be an https:// address in production");
    if (!raw.MUNICIPALITY_FILE) throw new ConfigError("MUNICIPALITY_FILE must be set in production (the demo municipality's contact details are fictional)");
  }

  const dataDir = path.resolve(raw.DATA_DIR);
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
      ? ({ kind: "postgres", url: raw.DATABASE_URL } as const)
      : ({ kind: "pglite", dir: path.join(dataDir, "pglite") } as const),
    logLevel: raw.LOG_LEVEL,
    municipality: readMunicipality(raw.MUNICIPALITY_FILE),
    shutdownGraceMs: raw.SHUTDOWN_GRACE_SECONDS * 1000,
    retention: { draftDays: raw.DRAFT_RETENTION_DAYS },
  };
}

export type Config = ReturnType<typeof loadConfig>;
