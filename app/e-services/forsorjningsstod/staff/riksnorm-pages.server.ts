import { data, redirect } from "@remix-run/node";
import {
  ANNOUNCEMENT_FIELDS,
  FIGURE_FIELDS,
  fieldsOf,
  figureOf,
  totalsOf,
  type EntryField,
  type EntryProblem,
  type FigureField,
} from "../riksnorm-entry";
import { saveRiksnormYear, storedRiksnormYear, storedRiksnormYears } from "../riksnorm-store.server";
import { allRiksnormTables, configuredRiksnormTables, RIKSNORM_TABLES, type RiksnormTable } from "../riksnorm-tables";
import { readForm } from "~/http/form.server";
import type { RequestContext } from "~/load-context";
import { requireArea, staffActor } from "~/staff/guard.server";

/**
 * The administrator's riksnorm pages: which years the estimate has a table for and where each
 * comes from, and one year's form (typed beside the previous year's table, checked against the
 * announced totals, saved as a draft or published). The rules are in the e-service's folder
 * (riksnorm-entry.ts, riksnorm-store.server.ts); this is only the HTTP side.
 */

/** Where the table the estimate uses for a year comes from. */
export type TableOrigin = "shipped" | "file" | "published";

export interface RiksnormYearRow {
  year: number;
  /** The table in use, or null when the year only has a draft. */
  inUse: { origin: TableOrigin; single: number; couple: number } | null;
  draft: boolean;
}

export interface RiksnormIndexData {
  years: RiksnormYearRow[];
  /** The year typed in "enter a new year" when it was not a year. */
  badYear: string | null;
  suggestedYear: number;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function originOf(year: number, published: readonly number[]): TableOrigin | null {
  if (published.includes(year)) return "published";
  if (RIKSNORM_TABLES.some((t) => t.year === year)) return "shipped";
  if (configuredRiksnormTables().some((t) => t.year === year)) return "file";
  return null;
}

export async function riksnormIndexLoader(request: Request, context: RequestContext) {
  await requireArea(request, context, "riksnorm");
  const asked = new URL(request.url).searchParams.get("ar");
  if (asked !== null) {
    const year = Number(asked.trim());
    if (Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR)
      return redirect(`/personal/riksnorm/${year}`, 303);
  }
  const stored = await storedRiksnormYears(context.services.database.db);
  const published = stored.filter((y) => y.status === "published").map((y) => y.entry.year);
  const inUse = allRiksnormTables();
  const years = [...new Set([...inUse.map((t) => t.year), ...stored.map((y) => y.entry.year)])].sort((a, b) => b - a);
  return {
    years: years.map((year): RiksnormYearRow => {
      const table = inUse.find((t) => t.year === year);
      const origin = originOf(year, published);
      return {
        year,
        inUse: table && origin ? { origin, ...totalsOf(table) } : null,
        draft: stored.some((y) => y.entry.year === year && y.status === "draft"),
      };
    }),
    badYear: asked === null ? null : asked.slice(0, 20),
    suggestedYear: Math.max(new Date().getFullYear() + 1, ...years.map((y) => y + 1)),
  } satisfies RiksnormIndexData;
}

export interface RiksnormYearData {
  year: number;
  /** The table the estimate uses for this year now, and where it comes from. */
  inUse: TableOrigin | null;
  stored: { status: "draft" | "published"; savedAt: string; savedBy: string; publishedAt: string | null } | null;
  /** The latest year before this one that has a table, to compare with. */
  previous: { year: number; figures: Record<FigureField, number>; single: number; couple: number } | null;
  /** The year the form was filled from when nothing was stored for this year. */
  prefilledFrom: number | null;
  values: Record<string, string>;
  problems: Partial<Record<EntryField, EntryProblem>>;
  /** Saving a published year as a draft was refused. */
  alreadyPublished: boolean;
  saved: "draft" | "published" | null;
}

function yearParam(param: string | undefined): number {
  const year = Number(param);
  if (!/^\d{4}$/.test(param ?? "") || year < MIN_YEAR || year > MAX_YEAR) throw data(null, { status: 404 });
  return year;
}

const numbers = (table: RiksnormTable) =>
  Object.fromEntries(FIGURE_FIELDS.map((field) => [field, figureOf(table, field)])) as Record<FigureField, number>;

async function yearPage(
  request: Request,
  context: RequestContext,
  year: number,
  posted: Pick<RiksnormYearData, "values" | "problems" | "alreadyPublished"> | null,
): Promise<RiksnormYearData> {
  const stored = await storedRiksnormYear(context.services.database.db, year);
  const published = stored?.status === "published" ? [year] : [];
  const tables = allRiksnormTables();
  const inUse = tables.find((t) => t.year === year);
  const before = tables.filter((t) => t.year < year).at(-1);
  let values: Record<string, string>;
  let prefilledFrom: number | null = null;
  if (posted) values = posted.values;
  else if (stored) {
    const { entry } = stored;
    values = {
      ...fieldsOf(entry.figures),
      announcedSingle: String(entry.announced.single),
      announcedCouple: String(entry.announced.couple),
      announcedBy: entry.announcedBy,
      announcedOn: entry.announcedOn,
      sourceUrl: entry.sourceUrl,
    };
  } else if (inUse) {
    const totals = totalsOf(inUse);
    values = { ...fieldsOf(inUse), announcedSingle: String(totals.single), announcedCouple: String(totals.couple) };
  } else if (before) {
    // Prefilled from the year before: every figure is there to be changed, the announcement is not.
    values = fieldsOf(before);
    prefilledFrom = before.year;
  } else values = {};
  const saved = new URL(request.url).searchParams.get("sparat");
  return {
    year,
    inUse: originOf(year, published),
    stored: stored
      ? { status: stored.status, savedAt: stored.savedAt, savedBy: stored.savedBy, publishedAt: stored.publishedAt }
      : null,
    previous: before ? { year: before.year, figures: numbers(before), ...totalsOf(before) } : null,
    prefilledFrom,
    values,
    problems: posted?.problems ?? {},
    alreadyPublished: posted?.alreadyPublished ?? false,
    saved: saved === "utkast" ? "draft" : saved === "publicerat" ? "published" : null,
  };
}

export async function riksnormYearLoader(request: Request, context: RequestContext, param: string | undefined) {
  await requireArea(request, context, "riksnorm");
  return yearPage(request, context, yearParam(param), null);
}

export async function riksnormYearAction(request: Request, context: RequestContext, param: string | undefined) {
  const session = await requireArea(request, context, "riksnorm");
  const year = yearParam(param);
  const form = await readForm(request, context);
  const intent = form.get("intent");
  if (intent !== "draft" && intent !== "publish") throw data(null, { status: 400 });
  const values = Object.fromEntries(
    [...FIGURE_FIELDS, ...ANNOUNCEMENT_FIELDS].map((field) => [field, (form.get(field) ?? "").slice(0, 500)]),
  );
  const outcome = await saveRiksnormYear(context.services.database.db, staffActor(session), year, values, intent);
  if (outcome.ok)
    return redirect(
      `/personal/riksnorm/${year}?sparat=${outcome.status === "published" ? "publicerat" : "utkast"}`,
      303,
    );
  const posted = outcome.alreadyPublished
    ? { values, problems: {}, alreadyPublished: true }
    : { values, problems: outcome.problems, alreadyPublished: false };
  return data(await yearPage(request, context, year, posted), { status: 400 });
}
