import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { riksnormYear } from "#db/schema";
import { audit, type Actor } from "~/audit/audit.server";
import type { Logger } from "~/logger.server";
import { riksnormTableSchema } from "./riksnorm-file.server";
import {
  checkRiksnormEntry,
  tableFromEntry,
  type EntryCheck,
  type RiksnormEntry,
  type RiksnormFigures,
} from "./riksnorm-entry";
import { installPublishedRiksnormTables, type RiksnormTable } from "./riksnorm-tables";

/**
 * The riksnorm years an administrator keeps in the database (table riksnorm_year): saving a
 * draft, publishing, reading them back, and putting the published ones where the estimate looks
 * (installPublishedRiksnormTables). Every save, publication and refusal is audited with the year
 * and the announced totals, never more (the figures are in the row and public anyway).
 */

export interface StoredRiksnormYear {
  entry: RiksnormEntry;
  status: "draft" | "published";
  savedAt: string;
  savedBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

type Row = typeof riksnormYear.$inferSelect;

/** A row as an entry; a row that no longer passes the checks (hand-edited) is left out, never used. */
function fromRow(row: Row): StoredRiksnormYear | null {
  const table = riksnormTableSchema.safeParse({
    year: row.year,
    source: {
      provision: "2 kap. 1 § socialtjänstförordningen (2001:937)",
      amendment: null,
      readFrom: [{ publisher: row.announcedBy, title: String(row.year), url: row.sourceUrl }],
    },
    ...row.figures,
  });
  if (!table.success) return null;
  const { year: _year, source: _source, ...figures } = table.data;
  return {
    entry: {
      year: row.year,
      figures: figures as RiksnormFigures,
      announced: { single: row.announcedSingle, couple: row.announcedCouple },
      announcedBy: row.announcedBy,
      announcedOn: row.announcedOn,
      sourceUrl: row.sourceUrl,
    },
    status: row.status,
    savedAt: row.savedAt.toISOString(),
    savedBy: row.savedBy,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedBy: row.publishedBy,
  };
}

export async function storedRiksnormYears(db: Executor): Promise<StoredRiksnormYear[]> {
  const rows = await db.select().from(riksnormYear).orderBy(asc(riksnormYear.year));
  return rows.map(fromRow).filter((y): y is StoredRiksnormYear => y !== null);
}

export async function storedRiksnormYear(db: Executor, year: number): Promise<StoredRiksnormYear | null> {
  const [row] = await db.select().from(riksnormYear).where(eq(riksnormYear.year, year));
  return row ? fromRow(row) : null;
}

/** The published tables, as the calculation reads them. */
export async function publishedTablesIn(db: Executor): Promise<RiksnormTable[]> {
  return (await storedRiksnormYears(db)).filter((y) => y.status === "published").map((y) => tableFromEntry(y.entry));
}

/** Reads the published tables and puts them where the estimate and the entry page look. */
export async function refreshPublishedRiksnorm(db: Executor): Promise<void> {
  installPublishedRiksnormTables(await publishedTablesIn(db));
}

/**
 * Keeps this process's published tables current: read now, then every `everyMs`, so a table
 * published through another instance of the portal is used here within that time.
 */
export async function startRiksnormRefresh(db: Executor, logger: Logger, everyMs = 60_000): Promise<() => void> {
  await refreshPublishedRiksnorm(db);
  const timer = setInterval(() => {
    refreshPublishedRiksnorm(db).catch((error) => logger.warn({ err: error }, "reading the riksnorm tables failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export type SaveRiksnormOutcome =
  | { ok: true; status: "draft" | "published" }
  | (Extract<EntryCheck, { ok: false }> & { alreadyPublished?: never })
  | { ok: false; alreadyPublished: true; problems?: never };

/**
 * Saves what was typed for a year as a draft, or publishes it. A refused table is not stored
 * (the refusal is audited with the fields' problem codes). A published year can be corrected
 * only by publishing again: saving it as a draft would silently take it away from the estimate.
 */
export async function saveRiksnormYear(
  db: Executor,
  actor: Actor & { kind: "staff" },
  year: number,
  input: Readonly<Record<string, string | undefined>>,
  intent: "draft" | "publish",
): Promise<SaveRiksnormOutcome> {
  const subject = { kind: "riksnorm_year", id: String(year) };
  const before = await storedRiksnormYear(db, year);
  if (intent === "draft" && before?.status === "published") return { ok: false, alreadyPublished: true };
  const checked = checkRiksnormEntry(year, input);
  if (!checked.ok) {
    await audit(db, {
      actor,
      action: intent === "publish" ? "riksnorm_publish_refused" : "riksnorm_draft_refused",
      subject,
      details: Object.fromEntries(Object.entries(checked.problems).map(([field, p]) => [field, p.code])),
    });
    return checked;
  }
  const { entry } = checked;
  const status = intent === "publish" ? "published" : "draft";
  const values = {
    figures: entry.figures as unknown as Record<string, unknown>,
    announcedSingle: entry.announced.single,
    announcedCouple: entry.announced.couple,
    announcedBy: entry.announcedBy,
    announcedOn: entry.announcedOn,
    sourceUrl: entry.sourceUrl,
    status,
    savedBy: actor.id,
    publishedAt: status === "published" ? sql`now()` : null,
    publishedBy: status === "published" ? actor.id : null,
  } as const;
  await db.transaction(async (tx) => {
    await tx
      .insert(riksnormYear)
      .values({ year, ...values })
      .onConflictDoUpdate({ target: riksnormYear.year, set: { ...values, savedAt: sql`now()` } });
    await audit(tx, {
      actor,
      action: status === "published" ? "riksnorm_published" : "riksnorm_draft_saved",
      subject,
      details: {
        announcedSingle: entry.announced.single,
        announcedCouple: entry.announced.couple,
        previousStatus: before?.status ?? null,
      },
    });
  });
  if (status === "published") await refreshPublishedRiksnorm(db);
  return { ok: true, status };
}
