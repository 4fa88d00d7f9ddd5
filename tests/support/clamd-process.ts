import { execFile, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClamdScanner } from "~/attachments/virus-scan.server";
import { EICAR } from "./sample-files";

/**
 * A real clamd for the tests, on a random local port, with a one-signature database made by
 * ClamAV's own sigtool from the EICAR test file (these machines cannot download signatures).
 * A hash signature is how ClamAV's official database knows EICAR too: it matches a file, or a
 * part ClamAV unpacks (an archive member, a decompressed PDF stream), that is exactly EICAR.
 */

export const INSTALL_CLAMAV = "apt-get install -y --no-install-recommends clamav-daemon clamav";
export const EICAR_SIGNATURE = "Ingang.Test.EICAR";

/** Debian installs clamd in /usr/sbin, which is not on every user's PATH. */
function findProgram(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/usr/local/sbin", "/sbin"];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export function findClamAV(): { clamd: string; sigtool: string } | null {
  const clamd = findProgram("clamd");
  const sigtool = findProgram("sigtool");
  return clamd && sigtool ? { clamd, sigtool } : null;
}

export interface RunningClamd {
  /** tcp://127.0.0.1:<port>, as CLAMD_ADDRESS takes it. */
  address: string;
  /** The same clamd on a unix socket: unix:/<path>. */
  socketAddress: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startClamd(programs: { clamd: string; sigtool: string }): Promise<RunningClamd> {
  const dir = await mkdtemp(path.join(tmpdir(), "ingang-clamd-"));
  const database = path.join(dir, "db");
  await mkdir(database);
  // sigtool names the signature after the file: md5:size:name.
  await writeFile(path.join(dir, EICAR_SIGNATURE), EICAR);
  const { stdout } = await promisify(execFile)(programs.sigtool, ["--md5", EICAR_SIGNATURE], { cwd: dir });
  await writeFile(path.join(database, "ingang-test.hdb"), stdout);
  await rm(path.join(dir, EICAR_SIGNATURE));

  const port = await freePort();
  const config = path.join(dir, "clamd.conf");
  await writeFile(
    config,
    [
      "Foreground yes",
      `TCPSocket ${port}`,
      "TCPAddr 127.0.0.1",
      `LocalSocket ${path.join(dir, "clamd.sock")}`,
      `DatabaseDirectory ${database}`,
      `PidFile ${path.join(dir, "clamd.pid")}`,
      `TemporaryDirectory ${dir}`,
      "MaxThreads 2",
      "StreamMaxLength 100M",
      "MaxFileSize 100M",
      "MaxScanSize 400M",
      "ConcurrentDatabaseReload no",
      "SelfCheck 0",
      "",
    ].join("\n"),
  );

  const child = spawn(programs.clamd, ["--config-file", config], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-4000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const address = `tcp://127.0.0.1:${port}`;
  const scanner = createClamdScanner(address, { connectTimeoutMs: 1_000 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await scanner.ping();
      return { address, socketAddress: `unix:${path.join(dir, "clamd.sock")}`, stop };
    } catch {
      const gone = child.exitCode !== null || child.signalCode !== null;
      if (gone || Date.now() > deadline) {
        await stop();
        throw new Error(`clamd did not start (${gone ? "it exited" : "no PONG in 60 s"}):\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
