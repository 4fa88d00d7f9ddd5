import { audit } from "~/audit/audit.server";
import type { RequestContext } from "~/load-context";
import { listRobotTokens } from "~/queue/robot-tokens.server";
import { languageOfRequest } from "~/i18n/i18next.server";
import { translator } from "~/i18n/server-translations.server";
import { auditActionLabel } from "./action-label";
import { csvResponse, dialectOf, SWEDISH_EXCEL, toCsv } from "../csv";
import { requireArea, staffActor } from "../guard.server";
import {
  buildConditions,
  filtersUsed,
  readQuery,
  searchAudit,
  type AuditQuery,
  type AuditQueryError,
  type AuditRow,
} from "./audit-log.server";

export const PAGE_SIZE = 100;
export const EXPORT_LIMIT = 10_000;

export interface AuditPageData {
  query: AuditQuery;
  robots: { id: string; name: string }[];
  rows: AuditRow[];
  errors: AuditQueryError[];
  /** The id to page on from, when there may be more. */
  next: number | null;
  csv: string;
  /** How many events the CSV holds at most, said beside its link. */
  exportLimit: number;
}

export async function auditLoader(request: Request, context: RequestContext): Promise<AuditPageData> {
  const session = await requireArea(request, context, "audit");
  const { db } = context.services.database;
  const url = new URL(request.url);
  const query = readQuery(url.searchParams);
  const robots = (await listRobotTokens(db)).map((t) => ({ id: t.id, name: t.name }));
  const built = await buildConditions(
    db,
    query,
    context.services.config.secrets,
    context.services.config.municipality.timeZone,
  );
  const base = {
    query,
    robots,
    csv: `/personal/logg/csv?${new URLSearchParams({ ...query })}`,
    exportLimit: EXPORT_LIMIT,
  };
  if (!built.ok) return { ...base, rows: [], errors: built.errors, next: null };
  const before = Number(url.searchParams.get("fore"));
  const rows = await searchAudit(db, context.services.config.secrets.keyring, built.conditions, {
    limit: PAGE_SIZE + 1,
    before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
  });
  await audit(db, {
    actor: staffActor(session),
    action: "audit_log_searched",
    details: { filters: filtersUsed(query), ...(built.personId ? { person: built.personId } : {}) },
  });
  return {
    ...base,
    rows: rows.slice(0, PAGE_SIZE),
    errors: [],
    next: rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1]!.id : null,
  };
}

export const AUDIT_CSV_HEADER = [
  "id",
  "at",
  "actor_kind",
  "actor_id",
  "actor_name",
  "action_label",
  "action",
  "subject_kind",
  "subject_id",
  "ip",
  "details",
] as const;

/**
 * The same columns with Swedish headings, for the Swedish Excel file: the file format of a
 * Swedish office, like its separator, not the console's language. Kinds and actions stay
 * machine codes (documented in README, "The staff console"); the action's label beside its code
 * is in the staff member's console language, as on the page.
 */
export const AUDIT_CSV_HEADER_SV = [
  "Id",
  "Tidpunkt",
  "Aktörstyp (kod)",
  "Aktörens id",
  "Aktörens namn",
  "Händelse",
  "Händelse (kod)",
  "Gäller typ (kod)",
  "Gäller id",
  "IP-adress",
  "Detaljer",
] as const;

/** The same search as CSV (at most EXPORT_LIMIT events, newest first); the export is audited. */
export async function auditCsvLoader(request: Request, context: RequestContext) {
  const session = await requireArea(request, context, "audit");
  const { db } = context.services.database;
  const query = readQuery(new URL(request.url).searchParams);
  const built = await buildConditions(
    db,
    query,
    context.services.config.secrets,
    context.services.config.municipality.timeZone,
  );
  if (!built.ok) return new Response(`invalid filter: ${built.errors.join(",")}\n`, { status: 400 });
  const rows = await searchAudit(db, context.services.config.secrets.keyring, built.conditions, {
    limit: EXPORT_LIMIT,
  });
  const t = await translator(await languageOfRequest(request), "staff");
  await audit(db, {
    actor: staffActor(session),
    action: "audit_log_exported",
    details: { filters: filtersUsed(query), rows: rows.length, ...(built.personId ? { person: built.personId } : {}) },
  });
  const dialect = dialectOf(new URL(request.url));
  const body = toCsv(
    dialect === SWEDISH_EXCEL ? AUDIT_CSV_HEADER_SV : AUDIT_CSV_HEADER,
    rows.map((r) => [
      r.id,
      r.at,
      r.actorKind,
      r.actorId,
      r.actorName,
      auditActionLabel(t, r.action),
      r.action,
      r.subjectKind,
      r.subjectId,
      r.ip,
      r.details,
    ]),
    dialect,
  );
  return csvResponse(body, `granskningslogg-${new Date().toISOString().slice(0, 10)}.csv`);
}
