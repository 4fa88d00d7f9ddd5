import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./project-root";

/** The SQL migrations shipped with this build, wherever the running bundle sits. */
export const migrationsFolder = path.join(projectRoot, "db", "migrations");

let count: number | undefined;
export function expectedMigrationCount(): number {
  count ??= (
    JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
      entries: unknown[];
    }
  ).entries.length;
  return count;
}
