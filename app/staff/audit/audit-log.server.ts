import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { auditEvent, person, robotToken, submission } from "#db/schema";
import { pnrLookup } from "~/auth/people.server";
import { parseIdentityNumber } from "~/auth/personnummer";
import { isValidReference } from "~/intake/reference";
import { addDays, zonedInstant } from "~/municipality/time";
import type { Keyring } from "~/crypto/envelope";
import { staffNames } from "~/auth/staff-directory.server";
import { UUID } from "../guard.server";

/**
 * The audit log for the administrator: who did what to which thing, searched by person (their
 * personnummer, found by its keyed hash, never stored or searched in the clear), submission
 * (receipt reference or id), staff member, robot and time. The log holds ids and actions, never
 * content. Searching and exporting it are themselves audited.
 */

export interface AuditQuery {
  person: string;
  submission: string;
  staff: string;
  robot: string;
  from: string;
  to: string;
}

export type AuditQueryError = "person" | "submission" | "robot" | "from" | "to";

export const emptyQuery: AuditQuery = { person: "", submission: "", staff: "", robot: "", from: "", to: "" };

export function readQuery(params: URLSearchParams): AuditQuery {
  const get = (k: keyof AuditQuery) => (params.get(k) ?? "").trim().slice(0, 100);
  return {
    person: get("person"),
    submission: get("submission"),
    staff: get("staff"),
    robot: get("robot"),
    from: get("from"),
    to: get("to"),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The query as SQL conditions, or what is wrong with it. A person or reference that matches
 * nothing is not an error: the answer is simply empty (and says nothing about whether they exist).
 */
export async function buildConditions(
  db: Executor,
  query: AuditQuery,
  secrets: { personLookup: Buffer },
  timeZone: string,
): Promise<{ ok: true; conditions: SQL[]; personId: string | null } | { ok: false; errors: AuditQueryError[] }> {
  const errors: AuditQueryError[] = [];
  const conditions: SQL[] = [];
  let personId: string | null = null;
  const nothing = sql`false`;

  if (query.person) {
    const parsed = parseIdentityNumber(query.person);
    if (!parsed.ok) errors.push("person");
    else {
      const [row] = await db
        .select({ id: person.id })
        .from(person)
        .where(eq(person.pnrLookup, pnrLookup(secrets, parsed.value.normalized)));
      personId = row?.id ?? null;
      if (!row) conditions.push(nothing);
      else {
        const theirs = sql`(select s.id::text from ${submission} s where s.person_id = ${row.id})`;
        conditions.push(
          or(
            and(eq(auditEvent.actorKind, "person"), eq(auditEvent.actorId, row.id)),
            and(eq(auditEvent.subjectKind, "person"), eq(auditEvent.subjectId, row.id)),
            sql`${auditEvent.subjectId} in ${theirs}`,
            sql`${auditEvent.details}->>'submission' in ${theirs}`,
          )!,
        );
      }
    }
  }

  if (query.submission) {
    let id: string | null = null;
    let draftId: string | null = null;
    if (UUID.test(query.submission.toLowerCase())) id = query.submission.toLowerCase();
    else if (isValidReference(query.submission)) {
      const [row] = await db
        .select({ id: submission.id, draftId: submission.draftId })
        .from(submission)
        .where(eq(submission.reference, query.submission.toUpperCase()));
      id = row?.id ?? null;
      draftId = row?.draftId ?? null;
      if (!row) conditions.push(nothing);
    } else errors.push("submission");
    if (id) {
      conditions.push(
        or(
          eq(auditEvent.subjectId, id),
          sql`${auditEvent.details}->>'submission' = ${id}`,
          sql`(${auditEvent.subjectKind} = 'robot_item' and ${auditEvent.subjectId} in (select i.id::text from robot_item i where i.submission_id::text = ${id}))`,
          ...(draftId ? [and(eq(auditEvent.subjectKind, "draft"), eq(auditEvent.subjectId, draftId))!] : []),
        )!,
      );
    }
  }

  if (query.staff) {
    const subject = query.staff.includes(":") ? query.staff : `staff:${query.staff}`;
    conditions.push(
      and(
        eq(auditEvent.actorKind, "staff"),
        or(eq(auditEvent.actorId, subject), eq(auditEvent.actorId, query.staff))!,
      )!,
    );
  }

  if (query.robot) {
    if (!UUID.test(query.robot)) errors.push("robot");
    else conditions.push(and(eq(auditEvent.actorKind, "robot"), eq(auditEvent.actorId, query.robot))!);
  }

  const instant = (day: string) => (DATE.test(day) ? zonedInstant(day, "00:00", timeZone) : null);
  if (query.from) {
    const from = instant(query.from);
    if (!from) errors.push("from");
    else conditions.push(gte(auditEvent.at, from));
  }
  if (query.to) {
    // Up to and including the day named.
    const to = DATE.test(query.to) ? instant(addDays(query.to, 1)) : null;
    if (!to) errors.push("to");
    else conditions.push(lt(auditEvent.at, to));
  }
  if (query.from && query.to && query.from > query.to && !errors.length) errors.push("to");
  return errors.length ? { ok: false, errors } : { ok: true, conditions, personId };
}

export interface AuditRow {
  id: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  /** A robot's name, or a staff member's from the staff directory. */
  actorName: string | null;
  action: string;
  subjectKind: string | null;
  subjectId: string | null;
  ip: string | null;
  details: string;
}

/** Details as one line: "key=value key=value". */
export const detailsLine = (details: Record<string, unknown> | null) =>
  Object.entries(details ?? {})
    .map(([k, v]) => `${k}=${v === null ? "" : String(v)}`)
    .join(" ");

/** Matching events, newest first; `before` pages on from an event id. */
export async function searchAudit(
  db: Executor,
  keyring: Keyring,
  conditions: SQL[],
  options: { limit: number; before?: number },
): Promise<AuditRow[]> {
  const rows = await db
    .select({ event: auditEvent, robotName: robotToken.name })
    .from(auditEvent)
    .leftJoin(robotToken, and(eq(auditEvent.actorKind, "robot"), sql`${auditEvent.actorId} = ${robotToken.id}::text`))
    .where(and(...conditions, options.before ? lt(auditEvent.id, options.before) : undefined))
    .orderBy(desc(auditEvent.id))
    .limit(options.limit);
  const staff = await staffNames(
    db,
    keyring,
    rows.filter(({ event }) => event.actorKind === "staff").map(({ event }) => event.actorId),
  );
  return rows.map(({ event, robotName }) => ({
    id: event.id,
    at: event.at.toISOString(),
    actorKind: event.actorKind,
    actorId: event.actorId,
    actorName: robotName ?? (event.actorKind === "staff" && event.actorId ? (staff.get(event.actorId) ?? null) : null),
    action: event.action,
    subjectKind: event.subjectKind,
    subjectId: event.subjectId,
    ip: event.ip ?? null,
    details: detailsLine(event.details),
  }));
}

/** Which filters a search used, for the audit of the search itself (never the values typed). */
export const filtersUsed = (query: AuditQuery) =>
  (Object.keys(query) as (keyof AuditQuery)[]).filter((k) => query[k]).join(",") || "none";
