import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import type { StaffRole } from "~/auth/staff-roles";
import type { Config } from "~/config.server";
import type { ServiceFigures } from "~/figures/service-figures";
import type { EServiceDefinition } from "~/intake/definition";
import type { RequestContext } from "~/load-context";
import type { Logger } from "~/logger.server";
import type { ServiceRetentionLimits } from "~/retention/limits";
import { readVariables, type Environment, type ValuesOf, type Variables } from "~/settings/variables";
import type { EServicePages, MyPagesNotice } from "./module";

/**
 * One e-service, whole: what the engine runs, what its pages draw, who handles it and how long
 * it is kept. Each service folder exports one of these from module.server.ts and the registry
 * lists them; nothing else in the portal names a service. Every piece is required: a service
 * without one says so with null, so a forgotten piece fails the registry test instead of being
 * silently skipped.
 */
export interface EServiceModule {
  /** The browser's half; the same object app/e-services/registry.ts lists. */
  pages: EServicePages;
  definition: EServiceDefinition;
  /** The staff roles that handle the service and may register it on someone's behalf (assisted or paper). */
  staffRoles: readonly StaffRole[];
  /** How short and how long an administrator may set its retention (gallring). */
  retentionLimits: ServiceRetentionLimits;
  /**
   * Its own follow-up figures, computed from the facts of its submissions, and how the staff
   * console's follow-up page, CSV export and start page show them; null for a service the
   * committee follows only by the figures every service has (channels, registration, messages).
   */
  figures: ServiceFigures | null;
  /** Loads what the service's own receipt page (`pages.receiptPage`) draws, in place of the engine's. */
  receipt:
    | ((request: Request, context: RequestContext, params: Record<string, string | undefined>) => Promise<unknown>)
    | null;
  /** Work of its own on pg-boss, started with the portal (and set up by `npm run migrate`). */
  jobs: ((boss: PgBoss, services: { db: Executor; config: Config; logger: Logger }) => Promise<void>) | null;
  /**
   * Its texts (its namespace) by language, for a service kept outside the portal's tree; null for
   * one whose texts are locales/<language>/<id>.json like the portal's own.
   */
  texts: Readonly<Record<string, Record<string, unknown>>> | null;
  /** What it reads from the environment at start-up, beside the portal's own settings. */
  settings: EServiceSettings<unknown> | null;
  /** Applies the service's settings read at start-up, before anything is served. */
  setUp: ((config: Config) => void) | null;
  /**
   * Work it keeps doing in the portal's process outside pg-boss (a timer), started after the jobs
   * (never by `npm run migrate`); resolves to what stops it when the portal shuts down.
   */
  background: ((services: { db: Executor; logger: Logger }) => Promise<() => void>) | null;
  /**
   * The answers' JSON Schema of earlier versions as they were served, by version, kept in the
   * service's folder and served byte for byte (generated, never hand-edited; decision 021). A
   * version without one is served as generated from its frozen steps.
   */
  archivedSchemas: Readonly<Record<number, Readonly<Record<string, unknown>>>>;
  /** What it has waiting for the person, drawn on Mina sidor's overview. */
  myPagesNotices:
    ((db: Executor, person: { id: string; pnrLookup: string }) => Promise<readonly MyPagesNotice[]>) | null;
}

/**
 * Where services' settings are kept once read: the configuration's map of them, by service id. By
 * id, not by the declaration object: the portal's process (main.js) reads the configuration and
 * Remix's server build, a bundle of its own with its own copy of every module, reads it back.
 */
type ReadSettings = { eServiceSettings: ReadonlyMap<string, unknown> };

/**
 * An e-service's settings: the environment variables it reads (each with what "NAME must be …"
 * says, as the portal's own) and what it makes of them. config.server.ts reads every registered
 * service's at start-up; the service reads its own back with `of(config)`.
 */
export interface EServiceSettings<T> {
  /** The service's id (the registry test holds it to the module's). */
  serviceId: string;
  variables: Variables;
  /** Reads and checks them; a bad value throws a ConfigError naming the variable. */
  read(env: Environment): T;
  /** Whether, so set, the service's submissions stay on the unit's own list instead of going to the robot. */
  unitList(settings: T): boolean;
  of(config: ReadSettings): T;
}

export function eServiceSettings<V extends Variables, T>(
  serviceId: string,
  variables: V,
  read: (values: ValuesOf<V>) => T,
  unitList: (settings: T) => boolean = () => false,
): EServiceSettings<T> {
  return {
    serviceId,
    variables,
    read: (env) => read(readVariables(variables, env)),
    unitList,
    of(config) {
      if (!config.eServiceSettings.has(serviceId))
        throw new Error(`${serviceId}'s settings were not read at start-up: is the service in the registry?`);
      return config.eServiceSettings.get(serviceId) as T;
    },
  };
}

/** The limits most services need (a service with reasons of its own declares its own). */
export const commonRetentionLimits: ServiceRetentionLimits = {
  // The person must be able to see the registration and case number on Mina sidor, and the robot
  // must be able to fetch the submission again if the registration is corrected.
  afterRegistrationDays: { min: 7, max: 90, reason: "afterRegistration" },
  // A draft must survive a weekend and a few days away.
  draftDays: { min: 3, max: 90, reason: "draft" },
};
