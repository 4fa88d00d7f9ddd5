import net from "node:net";
import type { Readable } from "node:stream";

/**
 * A client for clamd, the ClamAV daemon, speaking its INSTREAM command. Anything other than a
 * clear answer (clamd down, slow, closing early, answering something unexpected) is an error,
 * never a clean result: the caller then refuses the file.
 */

export type ScanResult = { clean: true } | { clean: false; signature: string };

export interface VirusScanner {
  /** Reads body to its end (and destroys it on failure); rejects when no verdict was had. */
  scan(body: Readable): Promise<ScanResult>;
}

export interface ClamdScanner extends VirusScanner {
  /** Resolves when clamd answers PING, for readiness checks. */
  ping(): Promise<void>;
}

export class ScanError extends Error {
  override name = "ScanError";
}

export interface ClamdOptions {
  /** How long connecting may take (5 s); also bounds a PING. */
  connectTimeoutMs?: number;
  /** How long a scan's connection may go without a byte either way, clamd's scan included (60 s). */
  idleTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 5_000;
const IDLE_TIMEOUT_MS = 60_000;
// Each chunk on the wire is length-prefixed; 64 KiB keeps writes small.
const MAX_CHUNK = 64 * 1024;
// Replies are one short line; more than this is not clamd.
const MAX_REPLY = 1024;

type Address = { path: string } | { host: string; port: number };

function parseAddress(address: string): Address {
  const tcp = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(address);
  if (tcp) return { host: tcp[1]!, port: Number(tcp[2]) };
  if (address.startsWith("unix:/")) return { path: address.slice("unix:".length) };
  throw new ScanError("a clamd address must be tcp://host:port or unix:/path");
}

/**
 * One connection to clamd. The answer to a z-command ends in a NUL byte; reading it starts at
 * once, so an early answer (such as a size-limit error mid-stream) is not lost.
 */
function connect(
  address: Address,
  { connectTimeoutMs = CONNECT_TIMEOUT_MS, idleTimeoutMs = IDLE_TIMEOUT_MS }: ClamdOptions,
) {
  const socket = net.connect(address);
  const connected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => socket.destroy(new ScanError("clamd did not accept a connection in time")),
      connectTimeoutMs,
    );
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.setTimeout(idleTimeoutMs, () => socket.destroy(new ScanError("clamd did not answer in time")));
      resolve();
    });
    socket.once("close", () => clearTimeout(timer));
    socket.once("error", reject);
  });
  const reply = new Promise<string>((resolve, reject) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      const end = text.indexOf("\0");
      if (end !== -1) resolve(text.slice(0, end));
      else if (text.length > MAX_REPLY) socket.destroy(new ScanError("clamd sent an overlong answer"));
    });
    socket.once("error", reject);
    socket.once("close", () => reject(new ScanError("clamd closed the connection without an answer")));
  });
  // Whichever of these the caller does not get to await must not become an unhandled rejection.
  connected.catch(() => {});
  reply.catch(() => {});
  return { socket, connected, reply };
}

const send = (socket: net.Socket, data: Buffer) =>
  new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));

function lengthPrefix(length: number) {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(length);
  return prefix;
}

function verdict(reply: string): ScanResult {
  if (reply === "stream: OK") return { clean: true };
  const found = /^stream: (\S.{0,200}) FOUND$/.exec(reply);
  if (found) return { clean: false, signature: found[1]! };
  throw new ScanError(`clamd answered ${JSON.stringify(reply.slice(0, 200))}`);
}

export function createClamdScanner(address: string, options: ClamdOptions = {}): ClamdScanner {
  const target = parseAddress(address);

  return {
    async scan(body) {
      const { socket, connected, reply } = connect(target, options);
      // A broken connection must also end the wait for the body's next chunk. Destroyed
      // without an error, the body emits none that nobody might be listening for.
      const onClose = () => body.destroy();
      socket.once("close", onClose);
      try {
        await connected;
        await send(socket, Buffer.from("zINSTREAM\0", "latin1"));
        for await (const chunk of body) {
          const bytes = chunk as Buffer;
          for (let offset = 0; offset < bytes.length; offset += MAX_CHUNK) {
            const piece = bytes.subarray(offset, offset + MAX_CHUNK);
            socket.write(lengthPrefix(piece.length));
            await send(socket, piece);
          }
        }
        await send(socket, lengthPrefix(0));
        return verdict(await reply);
      } catch (error) {
        body.destroy();
        socket.destroy();
        // clamd's own answer, such as "INSTREAM size limit exceeded. ERROR", says more than
        // the broken pipe it leaves behind.
        const answer = await reply.catch(() => null);
        throw answer === null ? error : new ScanError(`clamd answered ${JSON.stringify(answer.slice(0, 200))}`);
      } finally {
        socket.off("close", onClose);
        socket.destroy();
      }
    },

    async ping() {
      // PING is answered at once, so the connect timeout bounds the whole exchange.
      const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
      const { socket, connected, reply } = connect(target, { connectTimeoutMs, idleTimeoutMs: connectTimeoutMs });
      try {
        await connected;
        await send(socket, Buffer.from("zPING\0", "latin1"));
        const answer = await reply;
        if (answer !== "PONG") throw new ScanError(`clamd answered ${JSON.stringify(answer.slice(0, 200))}`);
      } finally {
        socket.destroy();
      }
    },
  };
}
