import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { freePort } from "./portal-process";

/**
 * A PostgreSQL server a fault test may stop and start. By default a throwaway cluster of its
 * own (initdb in a temporary directory, run as the postgres user when the test runs as root,
 * on a free port): stopping it disturbs no other test on the machine, and it is gone after.
 * FAULT_POSTGRES=machine restarts the machine's own cluster instead, with pg_ctlcluster, as
 * an operator would; only do that where nothing else is using it.
 */

const run = promisify(execFile);

export interface RestartablePostgres {
  /** postgres://… to the maintenance database: create scratch databases through it. */
  url: string;
  kind: "private" | "machine";
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Waits until the server accepts connections (pg_isready). */
  ready(timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

function binDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program as the postgres user (it refuses to run as root). */
function asPostgres(program: string, args: string[]) {
  return isRoot() ? run("runuser", ["-u", "postgres", "--", program, ...args]) : run(program, args);
}

/** Why this machine cannot give a fault test its own PostgreSQL, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (process.env.FAULT_POSTGRES === "machine") return null;
  if (!binDir()) return "PostgreSQL's server programs are not installed (apt-get install postgresql)";
  if (isRoot()) {
    try {
      execFileSync("id", ["postgres"], { stdio: "ignore" });
    } catch {
      return "there is no postgres user to run the server as";
    }
  }
  return null;
}

async function waitReady(bin: string | null, host: string, port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const isready = bin ? path.join(bin, "pg_isready") : "pg_isready";
  for (;;) {
    const ok = await run(isready, ["-q", "-h", host, "-p", String(port)]).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL on ${host}:${port} did not become ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  if (process.env.FAULT_POSTGRES === "machine") return machinePostgres();
  const bin = binDir()!;
  const dir = mkdtempSync(path.join(tmpdir(), "ingang-fault-pg-"));
  const data = path.join(dir, "data");
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  await asPostgres(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const pgCtl = (...args: string[]) =>
    asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), "-o", options, ...args]);
  await pgCtl("-w", "start");
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    kind: "private",
    stop: async () => void (await pgCtl("-w", "-m", "fast", "stop")),
    start: async () => void (await pgCtl("-w", "start")),
    ready: (timeoutMs = 30_000) => waitReady(bin, "127.0.0.1", port, timeoutMs),
    async dispose() {
      await pgCtl("-w", "-m", "immediate", "stop").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The machine's cluster on 127.0.0.1:5432, restarted the way the operator would. */
async function machinePostgres(): Promise<RestartablePostgres> {
  const version = readdirSync("/etc/postgresql")[0]!;
  const ctl = (action: string) => run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", action]);
  const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  return {
    url,
    kind: "machine",
    stop: async () => void (await ctl("stop")),
    start: async () => void (await ctl("start")),
    ready: (timeoutMs = 60_000) => waitReady(null, "127.0.0.1", 5432, timeoutMs),
    async dispose() {
      await ctl("start").catch(() => {});
      await waitReady(null, "127.0.0.1", 5432, 60_000);
    },
  };
}

/** A new empty database on the server, and the URL a portal connects with. */
export async function scratchDatabase(serverUrl: string, name: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await again.end();
    },
  };
}
