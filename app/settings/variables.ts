import { z } from "zod";

/**
 * The pieces every setting read from the environment is made of: the portal's own
 * (config.server.ts) and each e-service's (its module's `settings`). A bad value stops start-up
 * with one line that names the variable and what it expects.
 */

export type Environment = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Variable<T> = {
  schema: z.ZodType<T>;
  /** Completes "NAME must be …". */
  expects: string;
  /** Secrets are never echoed back in an error. */
  secret?: boolean;
};

export const variable = <T>(schema: z.ZodType<T>, expects: string, secret = false): Variable<T> => ({
  schema,
  expects,
  secret,
});

export type Variables = Readonly<Record<string, Variable<unknown>>>;

/** The checked values of a set of variables, by name. */
export type ValuesOf<V extends Variables> = { [K in keyof V]: V[K] extends Variable<infer T> ? T : never };

export const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim()));

export const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());
export const optionalSecret = optionalString.pipe(z.string().min(32).optional());

/** Reads and checks each variable; the first bad one throws a ConfigError naming it. */
export function readVariables<V extends Variables>(variables: V, env: Environment): ValuesOf<V> {
  const values: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables)) {
    const value = env[name];
    const result = v.schema.safeParse(value === "" ? undefined : value);
    if (!result.success) {
      const got = v.secret || value === undefined ? "" : ` (got ${JSON.stringify(value.slice(0, 60))})`;
      throw new ConfigError(`${name} must be ${v.expects}${got}`);
    }
    values[name] = result.data;
  }
  return values as ValuesOf<V>;
}
