import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { PassThrough, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createClamdScanner, ScanError } from "~/attachments/virus-scan.server";
import { describeWithClamd, EICAR_SIGNATURE, findClamAV, startClamd } from "../support/clamd";
import { EICAR, pdf, pdfCarryingEicar } from "../support/sample-files";

/** The bytes in chunks of the given sizes, cycling, so chunk edges fall everywhere. */
function chunked(bytes: Buffer, sizes = [1, 13, 4096, 70_000]) {
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return Readable.from(chunks);
}

describeWithClamd("virus scanning with a real clamd", (clamd) => {
  it("answers PING", async () => {
    await expect(createClamdScanner(clamd().address).ping()).resolves.toBeUndefined();
  });

  it("finds a clean file clean", async () => {
    const scanner = createClamdScanner(clamd().address);
    expect(await scanner.scan(chunked(pdf()))).toEqual({ clean: true });
    expect(await scanner.scan(chunked(randomBytes(3_000_000)))).toEqual({ clean: true });
    expect(await scanner.scan(Readable.from([]))).toEqual({ clean: true });
  });

  it("finds EICAR and names the signature", async () => {
    const result = await createClamdScanner(clamd().address).scan(Readable.from([EICAR]));
    expect(result.clean).toBe(false);
    expect(!result.clean && result.signature).toContain(EICAR_SIGNATURE);
  });

  it("finds EICAR sent a byte at a time", async () => {
    const result = await createClamdScanner(clamd().address).scan(chunked(EICAR, [1]));
    expect(result).toMatchObject({ clean: false });
  });

  it("finds EICAR inside a bigger stream: a PDF carrying it after 3 MB of other data", async () => {
    const file = pdfCarryingEicar(randomBytes(3_000_000));
    const result = await createClamdScanner(clamd().address).scan(chunked(file));
    expect(result).toEqual({ clean: false, signature: expect.stringContaining(EICAR_SIGNATURE) });
  });

  it("scans over a unix socket too", async () => {
    const scanner = createClamdScanner(clamd().socketAddress);
    await scanner.ping();
    expect(await scanner.scan(Readable.from([EICAR]))).toMatchObject({ clean: false });
    expect(await scanner.scan(Readable.from([pdf()]))).toEqual({ clean: true });
  });

  it("runs scans side by side", async () => {
    const scanner = createClamdScanner(clamd().address);
    const results = await Promise.all([
      scanner.scan(chunked(pdf())),
      scanner.scan(chunked(EICAR)),
      scanner.scan(chunked(randomBytes(1_000_000))),
      scanner.scan(chunked(pdfCarryingEicar())),
    ]);
    expect(results.map((r) => r.clean)).toEqual([true, false, true, false]);
  });

  it("rejects when clamd is stopped, before or during a scan", async () => {
    const own = await startClamd(findClamAV()!);
    const scanner = createClamdScanner(own.address);
    const body = new PassThrough();
    const during = scanner.scan(body).catch((error: unknown) => error);
    body.write(randomBytes(100_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await own.stop();
    expect(await during).toBeInstanceOf(Error);
    expect(body.destroyed).toBe(true);

    await expect(scanner.scan(Readable.from([EICAR]))).rejects.toThrow();
    await expect(scanner.ping()).rejects.toThrow();
  });
});

describe("virus scanning when clamd misbehaves", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A stand-in for clamd that reads everything and then does what it is told. */
  async function fakeClamd(onEnd: (socket: Socket) => void, onConnect?: (socket: Socket) => void) {
    server = createServer((socket) => {
      socket.on("error", () => {});
      onConnect?.(socket);
      let received = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.subarray(-4).equals(Buffer.alloc(4)) && received.length > 14) onEnd(socket);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `tcp://127.0.0.1:${(server!.address() as { port: number }).port}`;
  }

  const file = () => Readable.from([Buffer.from("%PDF-1.7 hello")]);

  it.each([
    ["garbage", "I am not clamd\0"],
    ["an error", "stream: Can't allocate memory ERROR\0"],
    ["an empty answer", "\0"],
    ["OK without its end", "stream: OK"],
    ["a FOUND without a signature", "stream:  FOUND\0"],
  ])("rejects %s", async (_name, answer) => {
    const address = await fakeClamd((socket) => socket.end(answer));
    await expect(createClamdScanner(address).scan(file())).rejects.toThrow(ScanError);
  });

  it("rejects an overlong answer", async () => {
    const address = await fakeClamd((socket) => socket.write("x".repeat(5000)));
    await expect(createClamdScanner(address).scan(file())).rejects.toThrow("overlong");
  });

  it("rejects when clamd never answers", async () => {
    const address = await fakeClamd(() => {});
    await expect(createClamdScanner(address, { idleTimeoutMs: 200 }).scan(file())).rejects.toThrow("in time");
  });

  it("reports clamd's own error when it gives up mid-stream", async () => {
    const address = await fakeClamd(
      () => {},
      (socket) => socket.once("data", () => socket.end("INSTREAM size limit exceeded. ERROR\0")),
    );
    const big = Readable.from(Array.from({ length: 200 }, () => randomBytes(64 * 1024)));
    await expect(createClamdScanner(address).scan(big)).rejects.toThrow("INSTREAM size limit exceeded");
  });

  it("rejects when nothing listens, and destroys the body", async () => {
    const address = await fakeClamd(() => {});
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const body = file();
    await expect(createClamdScanner(address).scan(body)).rejects.toThrow();
    expect(body.destroyed).toBe(true);
    await expect(createClamdScanner(address).ping()).rejects.toThrow();
  });

  it("rejects a ping answered wrongly", async () => {
    server = createServer((socket) => socket.resume().end("PANG\0"));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const address = `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
    await expect(createClamdScanner(address).ping()).rejects.toThrow("PANG");
  });

  it("refuses an address it cannot use", () => {
    expect(() => createClamdScanner("clamd:3310")).toThrow(ScanError);
    expect(() => createClamdScanner("tcp://host")).toThrow(ScanError);
  });
});
