import { zonedInstant } from "~/municipality/time";
import { figureContributions, services } from "~/e-services/registry.server";
import type { RequestContext } from "~/load-context";
import { csvResponse, dialectOf, SWEDISH_EXCEL, toCsv } from "../csv";
import { requireArea } from "../guard.server";
import { factsBetween } from "~/figures/facts.server";
import {
  computeFigures,
  figureRows,
  isMonth,
  monthOf,
  monthsBetween,
  nextMonth,
  type MonthFigures,
} from "~/figures/figures";
import type { FigureBlock } from "~/figures/service-figures";

/** The follow-up page and its CSV: a range of months (six by default, ending with this one) and the e-services. */

export interface FiguresPageData {
  first: string;
  last: string;
  service: string;
  /** The months the range may start or end at (the last three years). */
  choices: string[];
  services: string[];
  /** The figures every service has, by month. */
  figures: Pick<MonthFigures, "month" | "services">[];
  /** The sections of the services shown that add figures of their own, in registry order. */
  sections: { service: string; blocks: FigureBlock[] }[];
  /** What each of those sections' figures means, as text keys. */
  definitions: string[];
  units: { id: string; name: string }[];
  invalid: boolean;
  csv: string;
}

const MAX_MONTHS = 36;

function range(params: URLSearchParams, timeZone: string) {
  const current = monthOf(new Date(), timeZone);
  let back = current;
  for (let i = 0; i < 5; i++) back = previousMonth(back);
  const choices: string[] = [];
  let m = current;
  for (let i = 0; i < MAX_MONTHS; i++) {
    choices.unshift(m);
    m = previousMonth(m);
  }
  const first = params.get("fran") ?? back;
  const last = params.get("till") ?? current;
  const service = params.get("tjanst") ?? "alla";
  const valid =
    isMonth(first) &&
    isMonth(last) &&
    first <= last &&
    monthsBetween(first, last).length <= MAX_MONTHS &&
    (service === "alla" || services.some((s) => s.id === service));
  return valid
    ? { first, last, service, choices, invalid: false }
    : { first: back, last: current, service: "alla", choices, invalid: true };
}

function previousMonth(month: string) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

async function compute(request: Request, context: RequestContext) {
  const timeZone = context.services.config.municipality.timeZone;
  const params = new URL(request.url).searchParams;
  const r = range(params, timeZone);
  const from = zonedInstant(`${r.first}-01`, "00:00", timeZone)!;
  const to = zonedInstant(`${nextMonth(r.last)}-01`, "00:00", timeZone)!;
  const serviceIds = r.service === "alla" ? services.map((s) => s.id) : [r.service];
  const facts = await factsBetween(context.services.database.db, from, to);
  const figures = computeFigures(facts, monthsBetween(r.first, r.last), serviceIds, timeZone, figureContributions);
  return { ...r, serviceIds, figures };
}

export async function figuresLoader(request: Request, context: RequestContext): Promise<FiguresPageData> {
  await requireArea(request, context, "figures");
  const r = await compute(request, context);
  const sections = Object.entries(figureContributions).filter(([service]) => r.serviceIds.includes(service));
  return {
    first: r.first,
    last: r.last,
    service: r.service,
    choices: r.choices,
    services: services.map((s) => s.id),
    figures: r.figures.map(({ month, services }) => ({ month, services })),
    sections: sections.map(([service, own]) => ({
      service,
      blocks: own.blocks(r.figures.map((m) => ({ month: m.month, figures: m.own[service] }))),
    })),
    definitions: sections.flatMap(([, own]) => own.definitions),
    units: context.services.config.municipality.units.map((u) => ({ id: u.id, name: u.name })),
    invalid: r.invalid,
    csv: `/personal/uppfoljning/csv?${new URLSearchParams({ fran: r.first, till: r.last, tjanst: r.service })}`,
  };
}

export const FIGURES_CSV_HEADER = [
  "month",
  "service",
  "figure",
  "group",
  "numerator",
  "denominator",
  "value",
  "target",
];

/** Swedish headings for the Swedish Excel file; service, figure and group stay machine codes (README). */
export const FIGURES_CSV_HEADER_SV = [
  "Månad",
  "E-tjänst (kod)",
  "Mått (kod)",
  "Grupp (kod)",
  "Antal",
  "Av",
  "Värde",
  "Mål",
];

export async function figuresCsvLoader(request: Request, context: RequestContext) {
  await requireArea(request, context, "figures");
  const r = await compute(request, context);
  const wanted = new Set(r.serviceIds);
  const rows = figureRows(r.figures, figureContributions).filter((row) => wanted.has(row.service));
  const dialect = dialectOf(new URL(request.url));
  return csvResponse(
    toCsv(
      dialect === SWEDISH_EXCEL ? FIGURES_CSV_HEADER_SV : FIGURES_CSV_HEADER,
      rows.map((row) => [
        row.month,
        row.service,
        row.figure,
        row.group,
        row.numerator,
        row.denominator,
        row.value,
        row.target,
      ]),
      dialect,
    ),
    `uppfoljning-${r.first}-${r.last}.csv`,
  );
}
