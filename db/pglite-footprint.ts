import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * What the embedded PGlite reserves. PostgreSQL's default 128 MB of shared buffers is sized for a
 * server; the embedded database serves one portal process on a laptop or a small container, and
 * its working set is a few megabytes. Measured in docs/performance.md.
 */
export const pgliteSettings = ["shared_buffers=16MB"];

/**
 * A new data directory is made (initdb) in a short-lived process of its own: initdb runs inside
 * PGlite's WebAssembly memory, which never shrinks, so done in the portal's process it would keep
 * ≈ 800 MB resident for the life of the portal rather than the ≈ 200 MB of a later start.
 */
export async function initialisePgliteDir(dir: string): Promise<void> {
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const script =
    "const [module, dir] = process.argv.slice(1);" +
    "require(module).PGlite.create(dir).then((db) => db.close()).catch((e) => { console.error(e.message); process.exit(1); });";
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script, pglite, dir], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dir} failed: ${stderr.trim()}`)),
    );
  });
}
