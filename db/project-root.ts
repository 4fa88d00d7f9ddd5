import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout's root: the nearest folder upwards holding this project's package.json. */
function findProjectRoot(from: string): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "ingang") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("Cannot find the ingang project root above " + from);
    dir = parent;
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
