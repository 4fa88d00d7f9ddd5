import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ExtraRoute } from "~/e-services/module";
import { loadConfig, variableNames } from "~/config.server";
import { eServiceSettings, type EServiceModule } from "~/e-services/module.server";
import { eServicePages } from "~/e-services/registry";
import { eServices } from "~/e-services/registry.server";
import { registryProblems } from "~/e-services/registry-problems.server";
import { languageCodes } from "~/i18n/languages";
import { optionalString, variable } from "~/settings/variables";

const root = path.resolve(import.meta.dirname, "../..");
const [oa, fs, ss] = ["orosanmalan", "forsorjningsstod", "samarbetssamtal"].map((id) =>
  eServices.find((m) => m.definition.id === id)!,
) as [EServiceModule, EServiceModule, EServiceModule];

/** A copy of a module with some of its pieces (or its definition's) replaced. */
const altered = (m: EServiceModule, change: Partial<EServiceModule>, definition: object = {}, pages: object = {}) => ({
  ...m,
  ...change,
  definition: { ...m.definition, ...definition },
  pages: { ...(change.pages ?? m.pages), ...pages },
});
/** The problems of a registry of these modules (the browser's list made to match). */
const problemsOf = (...modules: EServiceModule[]) =>
  registryProblems(
    modules,
    modules.map((m) => m.pages),
  );

describe("the e-service registry", () => {
  it("lists every service whole, once, in the browser's list as on the server", () => {
    expect(registryProblems(eServices, eServicePages)).toEqual([]);
    expect(eServices.map((m) => m.definition.id)).toEqual(["orosanmalan", "forsorjningsstod", "samarbetssamtal"]);
  });

  it("refuses a duplicate id, slug or reference prefix", () => {
    // A copy under another id has no route files, figures or settings of its own (the original's name it).
    const copy = altered(
      fs,
      { figures: null, settings: null },
      { id: "kopia", slug: "kopia", referencePrefix: "KP" },
      { id: "kopia", slug: "kopia", routes: [] },
    );
    expect(problemsOf(oa, copy)).toEqual([]);
    expect(problemsOf(oa, altered(copy, {}, { id: "orosanmalan" }, { id: "orosanmalan" }))).toContain(
      "two e-services share the id orosanmalan",
    );
    expect(problemsOf(oa, altered(copy, {}, { slug: "orosanmalan" }, { slug: "orosanmalan" }))).toContain(
      "two e-services share the slug orosanmalan",
    );
    expect(problemsOf(oa, altered(copy, {}, { referencePrefix: "OA" }))).toContain(
      "two e-services share the reference prefix OA",
    );
  });

  it("refuses a custom step without its component, and a component for no custom step", () => {
    expect(problemsOf(altered(ss, {}, {}, { customSteps: { samtal: ss.pages.customSteps.samtal } }))).toEqual([
      "samarbetssamtal: the custom step tid has no component",
    ]);
    expect(problemsOf(altered(oa, {}, {}, { customSteps: { vem: fs.pages.customSteps.medsokande } }))).toEqual([
      "orosanmalan: a component is registered for vem, which is no custom step",
    ]);
  });

  it("refuses a missing piece: figures for the review panel, receipt page, staff roles, pages of another service", () => {
    expect(problemsOf(altered(fs, {}, { computed: undefined }))).toEqual([
      "forsorjningsstod: it has a review panel but computes nothing",
    ]);
    expect(problemsOf(altered(ss, {}, {}, { receiptPage: null }))).toEqual([
      "samarbetssamtal: it loads a receipt of its own but has no page for it",
    ]);
    expect(problemsOf(altered(oa, { staffRoles: [] }))).toEqual(["orosanmalan: no staff role handles it"]);
    expect(problemsOf(altered(oa, { pages: fs.pages }))).toEqual(
      expect.arrayContaining([
        "orosanmalan: its pages are registered as forsorjningsstod",
        "orosanmalan: its pages have the slug forsorjningsstod, its definition orosanmalan",
      ]),
    );
    expect(registryProblems([oa, fs], [fs.pages, oa.pages])).toEqual([
      "the browser's registry (registry.ts) does not list the same services, in the same order, as registry.server.ts",
    ]);
  });

  it("refuses follow-up figures that clash with another service's, are not defined or name another service", () => {
    // (Without settings of its own: a copy reading the original's is another test's refusal.)
    const copy = altered(
      fs,
      { settings: null },
      { id: "kopia", slug: "kopia", referencePrefix: "KP" },
      { id: "kopia", slug: "kopia", routes: [] },
    );
    expect(problemsOf(fs, copy)).toEqual([
      "two e-services share the figure id fs-eservice",
      "two e-services share the figure id fs-documents",
      "kopia: its follow-up figures write CSV rows of another service",
    ]);
    expect(problemsOf(altered(ss, { figures: { ...ss.figures!, definitions: [] } }))).toEqual([
      "samarbetssamtal: its follow-up figures say nothing of how they are defined",
    ]);
    expect(problemsOf(altered(ss, { figures: null }))).toEqual([]);
  });

  it("refuses retention limits its own default breaks", () => {
    const limits = { ...oa.retentionLimits, afterRegistrationDays: { min: 30, max: 90, reason: "afterRegistration" } };
    expect(problemsOf(altered(oa, { retentionLimits: limits }, { retention: { afterRegistrationDays: 7 } }))).toEqual([
      "orosanmalan: it keeps a submission 7 days, outside its own limits 30–90",
    ]);
  });

  it("refuses a setting read twice, and an archived schema of a version not kept as steps", () => {
    // (Without figures of its own: a copy drawing the original's is another test's refusal.)
    const copy = altered(
      ss,
      { figures: null },
      { id: "kopia", slug: "kopia", referencePrefix: "KP" },
      { id: "kopia", slug: "kopia", routes: [] },
    );
    expect(problemsOf(ss, copy)).toEqual([
      ...Object.keys(ss.settings!.variables).map((name) => `two e-services share the setting ${name}`),
      "kopia: its settings are declared for samarbetssamtal",
    ]);
    const portalsOwn = eServiceSettings("orosanmalan", { PORT: variable(optionalString, "a port") }, () => null);
    expect(problemsOf(altered(oa, { settings: portalsOwn }))).toEqual([
      "orosanmalan: its setting PORT is one the portal reads for itself",
    ]);
    expect(problemsOf(altered(ss, { archivedSchemas: { 1: {}, 2: {} } }))).toEqual([
      "samarbetssamtal: it archives a schema for version 2, which has no frozen steps",
    ]);
  });

  it("reads each service's settings with the portal's, naming no service in the configuration", () => {
    const config = loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "ingang-registry-")) });
    expect(config.unitListServices).toEqual([]);
    expect(loadConfig({ DATA_DIR: config.dataDir, SAMARBETSSAMTAL_REGISTRATION: "unit" }).unitListServices).toEqual([
      "samarbetssamtal",
    ]);
    expect(() => loadConfig({ DATA_DIR: config.dataDir, BOOKING_CANCEL_CUTOFF_HOURS: "400" })).toThrow(
      'BOOKING_CANCEL_CUTOFF_HOURS must be the hours (0 to 336) before a booked talk after which it can no longer be cancelled or rebooked online (got "400")',
    );
    expect(variableNames).toEqual(expect.arrayContaining(["RIKSNORM_FILE", "BOOKING_AUTO_INVITE"]));
    expect(() => eServiceSettings("kopia", {}, () => null).of(config)).toThrow(/not read at start-up/);
    expect(problemsOf(altered(oa, { settings: ss.settings }))).toContain(
      "orosanmalan: its settings are declared for samarbetssamtal",
    );
    // The portal's process and Remix's server build each hold their own copy of a service's
    // modules: another copy of the declaration reads the same settings back.
    const unit = loadConfig({ DATA_DIR: config.dataDir, SAMARBETSSAMTAL_REGISTRATION: "unit" });
    const copy = eServiceSettings("samarbetssamtal", ss.settings!.variables, () => null);
    expect(copy.of(unit)).toMatchObject({ registration: "unit", cancelCutoffHours: 24 });
  });

  it("adds each service's routes from its own folder, the ones its module declares", () => {
    const declared = import.meta.glob<{ routes: readonly ExtraRoute[] }>("../../app/e-services/*/routes.ts", {
      eager: true,
    });
    for (const [file, { routes }] of Object.entries(declared)) {
      const id = /e-services\/([^/]+)\/routes\.ts$/.exec(file)![1]!;
      expect(eServicePages.find((p) => p.id === id)?.routes, file).toBe(routes);
      for (const route of routes) expect(existsSync(path.join(root, "app", route.file)), route.file).toBe(true);
    }
    for (const pages of eServicePages.filter((p) => p.routes.length > 0))
      expect(Object.keys(declared)).toContain(`../../app/e-services/${pages.id}/routes.ts`);
  });

  it("has each service's texts in every language", () => {
    for (const m of eServices.filter((m) => !m.texts))
      for (const language of languageCodes)
        expect(
          existsSync(path.join(root, "locales", language, `${m.definition.id}.json`)),
          `${language}/${m.definition.id}`,
        ).toBe(true);
  });
});
