import { staffRoles } from "~/auth/staff-roles";
import type { FigureBlock } from "~/figures/service-figures";
import { portalVariableNames } from "~/config.server";
import { languageCodes } from "~/i18n/languages";
import type { EServicePages } from "./module";
import type { EServiceModule } from "./module.server";

/**
 * What is wrong with a list of e-services, in words a maintainer can act on; none for a sound
 * one. tests/unit/e-service-registry.test.ts runs it over the portal's registry, so a service
 * with a piece missing fails the tests instead of being quietly drawn without it.
 */
export function registryProblems(modules: readonly EServiceModule[], browser: readonly EServicePages[]): string[] {
  const problems: string[] = [];
  const duplicates = (what: string, values: string[]) => {
    for (const value of new Set(values.filter((v, i) => values.indexOf(v) !== i)))
      problems.push(`two e-services share the ${what} ${value}`);
  };
  duplicates(
    "id",
    modules.map((m) => m.definition.id),
  );
  duplicates(
    "slug",
    modules.map((m) => m.definition.slug),
  );
  duplicates(
    "reference prefix",
    modules.map((m) => m.definition.referencePrefix),
  );
  duplicates(
    "setting",
    modules.flatMap((m) => Object.keys(m.settings?.variables ?? {})),
  );

  // The follow-up page draws every service's figures on one page, so their element ids must not meet.
  duplicates(
    "figure id",
    modules.flatMap((m) => figureBlocksOfAnEmptyMonth(m).flatMap((b) => (b.kind === "heading" ? [] : [b.id]))),
  );

  if (browser.length !== modules.length || browser.some((pages, i) => pages !== modules[i]!.pages))
    problems.push(
      "the browser's registry (registry.ts) does not list the same services, in the same order, as registry.server.ts",
    );

  for (const m of modules) {
    const { definition: d, pages } = m;
    const says = (problem: string) => problems.push(`${d.id}: ${problem}`);
    if (pages.id !== d.id) says(`its pages are registered as ${pages.id}`);
    if (pages.slug !== d.slug) says(`its pages have the slug ${pages.slug}, its definition ${d.slug}`);
    if (!/^[a-z][a-z0-9-]*$/.test(d.slug)) says(`the slug ${d.slug} is not a lower-case URL segment`);
    if (!/^[A-Z]{2}$/.test(d.referencePrefix))
      says(`the reference prefix ${d.referencePrefix} is not two capital letters`);

    const customIds = new Set(
      [...d.steps, ...(d.earlierVersions ?? []).flatMap((v) => v.steps)].filter((s) => s.custom).map((s) => s.id),
    );
    for (const id of customIds) if (!pages.customSteps[id]) says(`the custom step ${id} has no component`);
    for (const id of Object.keys(pages.customSteps))
      if (!customIds.has(id)) says(`a component is registered for ${id}, which is no custom step`);

    // Computed figures may be for the robot only; a panel without any would never be drawn.
    if (pages.reviewPanel && !d.computed) says("it has a review panel but computes nothing");
    if (!!m.receipt !== !!pages.receiptPage)
      says(
        m.receipt
          ? "it loads a receipt of its own but has no page for it"
          : "it has a receipt page but nothing loads it",
      );

    if (m.staffRoles.length === 0) says("no staff role handles it");
    for (const role of m.staffRoles)
      if (!(staffRoles as readonly string[]).includes(role)) says(`${role} is no staff role`);

    for (const [field, limit] of Object.entries(m.retentionLimits))
      if (!(limit.min >= 1 && limit.min <= limit.max))
        says(`its retention limit ${field} runs from ${limit.min} to ${limit.max}`);
    const kept = d.retention.afterRegistrationDays;
    const { min, max } = m.retentionLimits.afterRegistrationDays;
    if (kept < min || kept > max) says(`it keeps a submission ${kept} days, outside its own limits ${min}–${max}`);

    for (const language of m.texts ? languageCodes : [])
      if (!m.texts?.[language]) says(`it has no texts in ${language}`);

    if (m.figures) {
      if (m.figures.definitions.length === 0) says("its follow-up figures say nothing of how they are defined");
      const rows = m.figures.rows({ month: EMPTY_MONTH, figures: m.figures.compute([]) });
      if (rows.some((row) => row.service !== d.id)) says("its follow-up figures write CSV rows of another service");
    }

    if (m.settings && m.settings.serviceId !== d.id) says(`its settings are declared for ${m.settings.serviceId}`);
    for (const name of Object.keys(m.settings?.variables ?? {}))
      if (portalVariableNames.includes(name)) says(`its setting ${name} is one the portal reads for itself`);

    const frozen = new Set((d.earlierVersions ?? []).map((v) => v.version));
    for (const version of Object.keys(m.archivedSchemas).map(Number))
      if (!frozen.has(version)) says(`it archives a schema for version ${version}, which has no frozen steps`);

    for (const route of pages.routes)
      if (!route.file.startsWith(`e-services/${d.id}/`))
        says(`its route ${route.path} lives outside its folder (${route.file})`);
  }
  return problems;
}

const EMPTY_MONTH = "2000-01";

/** A service's own figure blocks for one month without submissions (none for a service without figures). */
const figureBlocksOfAnEmptyMonth = (m: EServiceModule): FigureBlock[] =>
  m.figures ? m.figures.blocks([{ month: EMPTY_MONTH, figures: m.figures.compute([]) }]) : [];
