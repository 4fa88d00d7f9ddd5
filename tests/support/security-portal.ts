import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { findClamAV, startClamd, type RunningClamd } from "./clamd-process";
import { startPortal } from "./portal-process";

declare module "vitest" {
  export interface ProvidedContext {
    /** Robot tokens for the security suite's portal, each scoped to one queue. */
    robotTokens: { vuxna: string; ekonomi: string };
    /** Whether the portal scans uploads with a real clamd (always on CI). */
    scanning: boolean;
  }
}

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/**
 * The portal the hostile-input suite attacks: built, on its own embedded database, scanning
 * uploads with a real clamd where ClamAV is installed (CI installs it), with two robot tokens
 * made before it starts (the embedded database has one user at a time).
 */
export async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-security-"));
  const env = { DATA_DIR: dataDir };
  const token = async (queue: string) => {
    const { stdout } = await run(
      process.execPath,
      [
        path.join(root, "build", "cli", "robot-token.js"),
        "create",
        "--name",
        `Angripare ${queue}`,
        "--queue",
        queue,
        "--json",
      ],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ENV: "test", LOG_LEVEL: "warn", ...env },
      },
    );
    return (JSON.parse(stdout) as { token: string }).token;
  };
  const tokens = { vuxna: await token("mottagning-vuxna"), ekonomi: await token("ekonomiskt-bistand") };

  const programs = findClamAV();
  if (!programs && process.env.CI) throw new Error("CI must run the security suite with a real clamd");
  let clamd: RunningClamd | null = null;
  if (programs) clamd = await startClamd(programs);
  // The fuzz must reach the endpoints, not the rate limit.
  let portal;
  try {
    portal = await startPortal({
      ...env,
      ROBOT_RATE_LIMIT: "1000",
      ROBOT_RATE_BURST: "10000",
      ...(clamd ? { CLAMD_ADDRESS: clamd.address } : {}),
    });
  } catch (error) {
    await clamd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  project.provide("portalUrl", portal.url);
  project.provide("robotTokens", tokens);
  project.provide("scanning", clamd !== null);
  return async () => {
    await portal.stop();
    await clamd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
