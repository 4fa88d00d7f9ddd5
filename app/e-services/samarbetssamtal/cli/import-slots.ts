/**
 * Imports the family-law unit's bookable times from a CSV or JSON file.
 *
 *   npx tsx app/e-services/samarbetssamtal/cli/import-slots.ts times.csv [--dry-run]   (development)
 *   node build/cli/import-slots.js times.json [--dry-run]       (production, after npm run build)
 *
 * CSV: a header line, then one time a line, comma- or semicolon-separated:
 *   date,time,minutes,kind,mode,location
 *   2026-03-03,10:00,60,samarbetssamtal,fysiskt,"Storgatan 1, Exempelstad"
 *   2026-03-03,13:00,90,informationssamtal,digitalt,
 * JSON: an array of objects with the same fields.
 *
 * Times are local to the municipality (MUNICIPALITY_FILE's timeZone). Every line is checked before
 * anything is written; one bad line and nothing is imported. The database is the portal's own
 * (DATABASE_URL, or the embedded one in DATA_DIR, which must not be open in a running portal).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { migrate, openDatabase } from "#db/connect";
import { audit } from "~/audit/audit.server";
import { loadConfig } from "~/config.server";
import { publishSlots, type NewSlot } from "../unit-actions.server";
import { slotRecordSchema, toNewSlot } from "../slot-input";

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string, separator: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      out.push(field);
      field = "";
    } else field += char;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

export function readRecords(file: string, text: string): unknown[] {
  if (file.toLowerCase().endsWith(".json")) {
    const json = JSON.parse(text) as unknown;
    if (!Array.isArray(json)) throw new Error("the JSON file must hold an array of times");
    return json;
  }
  const lines = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) return [];
  const separator = lines[0]!.includes(";") ? ";" : ",";
  const header = splitCsvLine(lines[0]!, separator).map((h) => h.toLowerCase());
  return lines.slice(1).map((line) => Object.fromEntries(splitCsvLine(line, separator).map((v, i) => [header[i], v])));
}

/** Every record checked; the slots, or one line per problem naming the record (1-based, as in the file). */
export function validateRecords(
  records: unknown[],
  timeZone: string,
  now: Date,
): { ok: true; slots: NewSlot[] } | { ok: false; problems: string[] } {
  const slots: NewSlot[] = [];
  const problems: string[] = [];
  records.forEach((record, i) => {
    const parsed = slotRecordSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`record ${i + 1}: ${issue.path.join(".") || "(record)"}: ${issue.message}`);
      return;
    }
    const slot = toNewSlot(parsed.data, now, timeZone);
    if (!slot.ok)
      problems.push(
        `record ${i + 1}: ${slot.reason === "past" ? "the time has already passed" : "no such local date and time"}`,
      );
    else slots.push(slot.slot);
  });
  return problems.length ? { ok: false, problems } : { ok: true, slots };
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith("--"));
  const dryRun = argv.includes("--dry-run");
  if (args.length !== 1) {
    console.error("usage: import-slots <file.csv|file.json> [--dry-run]");
    return 2;
  }
  const file = args[0]!;
  const config = loadConfig();
  let records: unknown[];
  try {
    records = readRecords(file, readFileSync(file, "utf8"));
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const checked = validateRecords(records, config.municipality.timeZone, new Date());
  if (!checked.ok) {
    for (const problem of checked.problems) console.error(problem);
    console.error(`nothing imported: ${checked.problems.length} problem(s) in ${file}`);
    return 1;
  }
  if (dryRun) {
    console.log(`${checked.slots.length} time(s) in ${file} are valid; nothing imported (--dry-run)`);
    return 0;
  }
  const database = await openDatabase(config.database);
  try {
    // In production the tables' owner migrates (npm run migrate); the portal's own role may not.
    if (!config.production)
      await migrate(database, config.database.kind === "postgres" ? config.database.url : undefined);
    const count = await database.db.transaction(async (tx) => {
      const n = await publishSlots(tx, checked.slots, `import:${path.basename(file).slice(0, 100)}`);
      await audit(tx, {
        actor: { kind: "system" },
        action: "booking_slots_published",
        details: { count: n, source: "import" },
      });
      return n;
    });
    console.log(`imported ${count} time(s) from ${file}`);
    return 0;
  } finally {
    await database.close();
  }
}

const invoked = process.argv[1] && /import-slots\.(ts|js)$/.test(process.argv[1]);
if (invoked) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
