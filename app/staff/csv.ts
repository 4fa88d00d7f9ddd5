/**
 * CSV as RFC 4180 writes it (CRLF, double quotes doubled), with a byte-order mark so a
 * spreadsheet opens it as UTF-8. A text cell that would start a formula (=, +, -, @, tab or
 * carriage return) gets a leading apostrophe, so a value typed by someone else never runs as one.
 *
 * Two dialects: Swedish Excel (the default for downloads) reads a comma as the decimal sign and
 * expects semicolons between columns, or it opens the whole file as one column; scripts get the
 * comma-separated file with a decimal point by asking for it (?format=rfc4180).
 */

export type Cell = string | number | boolean | null | undefined;

export interface CsvDialect {
  separator: "," | ";";
  decimal: "." | ",";
}

/** What Swedish Excel opens as columns: semicolons between them, a comma as decimal sign. */
export const SWEDISH_EXCEL: CsvDialect = { separator: ";", decimal: "," };
/** Comma-separated with a decimal point, for programs. */
export const RFC4180: CsvDialect = { separator: ",", decimal: "." };

/** Swedish Excel unless the download asks for the programs' format. */
export const dialectOf = (url: URL): CsvDialect =>
  url.searchParams.get("format") === "rfc4180" ? RFC4180 : SWEDISH_EXCEL;

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, dialect: CsvDialect = RFC4180): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value).replace(".", dialect.decimal) : "";
  let text = String(value);
  if (typeof value === "string" && FORMULA.test(text)) text = `'${text}`;
  const special = dialect.separator === ";" ? /[";\r\n]/ : /[",\r\n]/;
  return special.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  dialect: CsvDialect = RFC4180,
): string {
  const line = (row: readonly Cell[]) => row.map((cell) => csvCell(cell, dialect)).join(dialect.separator);
  return `\uFEFF${[header, ...rows].map(line).join("\r\n")}\r\n`;
}

/** A download of CSV text: never cached, named by the caller. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
