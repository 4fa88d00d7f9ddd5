import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the built portal under test listens, e.g. http://localhost:41234 */
    portalUrl: string;
  }
}

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The Node flags `npm start` runs the portal with (memory settings), so tests measure the same. */
function nodeFlagsOfStart(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  return scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
}

export interface PortalProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built portal (npm run build) as its own process and waits until it is ready. */
export async function startPortal(env: Record<string, string> = {}): Promise<PortalProcess> {
  if (!existsSync(path.join(root, "build", "portal", "main.js"))) {
    throw new Error("The portal is not built: run `npm run build` before the end-to-end tests.");
  }
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-e2e-"));
  const child = spawn(process.execPath, [...nodeFlagsOfStart(), path.join(root, "build", "portal", "main.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      APP_ENV: "test",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // E2E_PORTAL_LOG=<file> keeps the portal's log lines for looking into a failed run.
  const log = process.env.E2E_PORTAL_LOG ? createWriteStream(process.env.E2E_PORTAL_LOG, { flags: "a" }) : null;
  child.stdout!.on("data", (chunk) => {
    output += chunk;
    log?.write(chunk);
  });
  child.stderr!.on("data", (chunk) => {
    output += chunk;
    log?.write(chunk);
  });
  const url = `http://localhost:${port}`;

  // E2E_READY_SECONDS: on a machine under heavy load start-up (migrations on the embedded database) takes longer.
  const deadline = Date.now() + Number(process.env.E2E_READY_SECONDS ?? 60) * 1000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The portal exited during start-up:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`The portal did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    child,
    output: () => output,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill(signal);
      }),
  };
}

/** One portal for the whole end-to-end run. */
export async function setup(project: TestProject) {
  const portal = await startPortal();
  project.provide("portalUrl", portal.url);
  return async () => {
    await portal.stop();
  };
}
