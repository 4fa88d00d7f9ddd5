import { readFileSync } from "node:fs";
import { z } from "zod";
import { CHILD_BANDS, LUNCH_BANDS, RIKSNORM_TABLES, sameFigures, type RiksnormTable } from "./riksnorm-tables";

/**
 * RIKSNORM_FILE: riksnorm tables a municipality adds without a code change, typically the
 * coming year's as soon as the government has set it. The file is a JSON array of tables in
 * the shape of RiksnormTable (riksnorm-tables.ts), read and checked once at start-up: every
 * amount whole kronor, the same consistency the shipped tables are tested for, and a legal
 * source naming the ordinance. A bad file stops start-up with one line saying what is wrong.
 */

/** Whole kronor a month; the ceiling only catches a misplaced digit. */
const kronor = z.number().int().positive().max(100_000);
const https = z.url({ protocol: /^https$/ });

const bands = <B extends string>(keys: readonly B[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, kronor])) as Record<B, typeof kronor>);

export const riksnormTableSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    source: z.strictObject({
      provision: z
        .string()
        .min(1)
        .max(300)
        .regex(/socialtjänstförordning/i, "must name socialtjänstförordningen (2001:937)"),
      amendment: z
        .strictObject({
          sfs: z.string().min(1).max(40),
          issued: z.iso.date(),
          readAt: z.string().min(1).max(300),
        })
        .nullable(),
      readFrom: z
        .array(z.strictObject({ publisher: z.string().min(1).max(200), title: z.string().min(1).max(300), url: https }))
        .min(1),
      note: z.string().max(2000).optional(),
    }),
    children: bands(CHILD_BANDS),
    childrenWithoutLunch: bands(LUNCH_BANDS),
    adults: z.strictObject({ single: kronor, cohabitingCouple: kronor }),
    sharedCosts: z.tuple([kronor, kronor, kronor, kronor, kronor, kronor, kronor]),
    sharedCostsPerPersonAbove7: kronor,
  })
  .superRefine((table, ctx) => {
    for (const band of LUNCH_BANDS) {
      if (table.childrenWithoutLunch[band] >= table.children[band])
        ctx.addIssue({
          code: "custom",
          path: ["childrenWithoutLunch", band],
          message: "must be lower than the amount with lunch at home",
        });
    }
    for (let i = 1; i < 7; i++) {
      if (table.sharedCosts[i]! <= table.sharedCosts[i - 1]!)
        ctx.addIssue({ code: "custom", path: ["sharedCosts", i], message: "must grow with every person" });
    }
    if (table.sharedCostsPerPersonAbove7 !== table.sharedCosts[6] - table.sharedCosts[5])
      ctx.addIssue({
        code: "custom",
        path: ["sharedCostsPerPersonAbove7"],
        message: "must be the difference between 6 and 7 persons, as the ordinance says",
      });
  });

export const riksnormFileSchema = z
  .array(riksnormTableSchema)
  .min(1)
  .superRefine((tables, ctx) => {
    const seen = new Set<number>();
    tables.forEach((table, i) => {
      if (seen.has(table.year))
        ctx.addIssue({ code: "custom", path: [i, "year"], message: `${table.year} is given twice` });
      seen.add(table.year);
      const shipped = RIKSNORM_TABLES.find((t) => t.year === table.year);
      if (shipped && !sameFigures(shipped, table))
        ctx.addIssue({
          code: "custom",
          path: [i, "year"],
          message: `the portal ships a table for ${table.year} with other figures; remove it from the file`,
        });
    });
  });

/** Checks the file's content; a one-line reason when it is refused. */
export function parseRiksnormTables(
  json: unknown,
): { ok: true; tables: RiksnormTable[] } | { ok: false; reason: string } {
  const result = riksnormFileSchema.safeParse(json);
  if (result.success) return { ok: true, tables: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, reason: `${issue.path.join(".") || "(root)"}: ${issue.message}` };
}

/** Reads RIKSNORM_FILE; no file means the shipped tables only. Throws one line naming the variable. */
export function readRiksnormFile(file: string | undefined): RiksnormTable[] {
  if (!file) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`RIKSNORM_FILE must be a readable JSON file (${(error as Error).message.split("\n")[0]})`);
  }
  const parsed = parseRiksnormTables(json);
  if (!parsed.ok) throw new Error(`RIKSNORM_FILE must be a list of riksnorm tables: ${parsed.reason}`);
  return parsed.tables;
}
