import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import v8 from "node:v8";
import vm from "node:vm";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDecryptStream } from "~/attachments/file-crypto.server";
import { LocalFileStore, type FileStore } from "~/attachments/file-store.server";
import { sanitizeFileName } from "~/attachments/filename";
import { storeFile, type StoredFile, type StoreFileOptions } from "~/attachments/store-file.server";
import { createClamdScanner, type VirusScanner } from "~/attachments/virus-scan.server";
import { unwrapDataKey, type Keyring } from "~/crypto/envelope";
import { describeWithClamd } from "../support/clamd";
import { EICAR, pdf, pdfCarryingEicar, PNG } from "../support/sample-files";

const keyring: Keyring = { activeKeyId: "k1", keys: new Map([["k1", randomBytes(32)]]) };
const MB = 1024 * 1024;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "ingang-store-file-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

let count = 0;
/** A fresh, empty store directory and options for one upload into it. */
function setup(scanner: VirusScanner | null, overrides: Partial<StoreFileOptions> = {}) {
  const id = ++count;
  const dir = path.join(root, `store-${id}`);
  const options: StoreFileOptions = {
    keyring,
    store: new LocalFileStore(dir),
    scanner,
    maxBytes: 20 * MB,
    context: `attachment:${id}`,
    key: `a${id}`,
    ...overrides,
  };
  const leftovers = () => readdir(dir).catch(() => []);
  return { options, leftovers };
}

/** The bytes in chunks of a few sizes, as a network delivers them. */
function upload(bytes: Buffer) {
  const sizes = [1000, 7, 65_536, 16_384];
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    chunks.push(bytes.subarray(offset, offset + sizes[i % sizes.length]!));
    offset += sizes[i % sizes.length]!;
  }
  return Readable.from(chunks);
}

/** A source that sends part of a file and then fails, like a client that disconnects. */
function breaksAfter(bytes: Buffer) {
  return Readable.from(
    (async function* () {
      yield bytes;
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error("aborted");
    })(),
  );
}

async function decryptStored(stored: StoredFile, options: StoreFileOptions) {
  const dataKey = unwrapDataKey(keyring, stored.keyId, stored.wrappedKey);
  const decrypt = createDecryptStream(dataKey, options.context, { noncePrefix: stored.noncePrefix });
  const [plaintext] = await Promise.all([buffer(decrypt), pipeline(await options.store.get(options.key), decrypt)]);
  return plaintext;
}

async function realPdf() {
  const doc = new PDFDocument();
  doc.text("Intyg: Anna Andersson har varit sjukskriven hela mars.");
  doc.end();
  return buffer(doc);
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The checks that need no virus scanner. */
function refusesBadFiles(scanner: () => VirusScanner | null) {
  it("stores a clean PDF encrypted, and it decrypts back byte for byte", async () => {
    const { options, leftovers } = setup(scanner());
    const file = await realPdf();
    const stored = await storeFile(upload(file), options);
    expect(stored).toEqual({
      ok: true,
      size: file.length,
      sha256: sha256(file),
      contentType: "application/pdf",
      keyId: "k1",
      wrappedKey: expect.any(String),
      noncePrefix: expect.any(String),
    });
    expect(await leftovers()).toEqual([options.key]);
    const onDisk = await buffer(await options.store.get(options.key));
    expect(onDisk.includes("Anna Andersson")).toBe(false);
    expect((await decryptStored(stored as StoredFile, options)).equals(file)).toBe(true);
  });

  it("finds a PNG named .pdf to be a PNG, and names it so", async () => {
    const { options } = setup(scanner());
    const stored = await storeFile(upload(PNG), options);
    expect(stored).toMatchObject({ ok: true, contentType: "image/png" });
    expect(sanitizeFileName("kvitto.pdf", (stored as StoredFile).contentType)).toBe("kvitto.png");
  });

  it.each([
    ["HTML", Buffer.from("<!doctype html><html><script>alert(1)</script></html>"), "type_not_allowed"],
    ["text", Buffer.from("Hej!\n".repeat(2000)), "type_not_allowed"],
    ["an empty file", Buffer.alloc(0), "empty"],
    ["a PDF with /JavaScript", pdf("<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"), "active_content"],
    ["a PDF launching a program", pdf("<< /S /Launch /F (cmd.exe) >>"), "active_content"],
    ["a PDF carrying a file", pdf({ dictionary: "/Type /EmbeddedFile", data: randomBytes(100) }), "active_content"],
  ])("refuses %s and leaves nothing behind", async (_name, file, reason) => {
    const { options, leftovers } = setup(scanner());
    expect(await storeFile(upload(file), options)).toEqual({ ok: false, reason });
    expect(await leftovers()).toEqual([]);
  });

  it("refuses a file over the limit as soon as it passes it, and drains the rest", async () => {
    const { options, leftovers } = setup(scanner(), { maxBytes: MB });
    const source = upload(Buffer.concat([pdf(), randomBytes(3 * MB)]));
    let read = 0;
    source.on("data", (chunk: Buffer) => (read += chunk.length));
    expect(await storeFile(source, options)).toEqual({ ok: false, reason: "too_large" });
    expect(await leftovers()).toEqual([]);
    if (!source.readableEnded) await new Promise((resolve) => source.once("end", resolve));
    expect(read).toBe(pdf().length + 3 * MB);
  });

  it("accepts a file of exactly the limit", async () => {
    const file = Buffer.concat([pdf(), Buffer.alloc(1000, 0x20)]);
    const { options } = setup(scanner(), { maxBytes: file.length });
    expect(await storeFile(upload(file), options)).toMatchObject({ ok: true, size: file.length });
  });

  it("reports a source that fails midway as truncated, and leaves nothing behind", async () => {
    const { options, leftovers } = setup(scanner());
    const file = Buffer.concat([pdf(), randomBytes(2 * MB)]);
    expect(await storeFile(breaksAfter(file), options)).toEqual({ ok: false, reason: "truncated" });
    expect(await leftovers()).toEqual([]);
  });

  it("reports a source that fails before its type is known as truncated", async () => {
    const { options, leftovers } = setup(scanner());
    expect(await storeFile(breaksAfter(Buffer.from("%PDF-1.7\n")), options)).toEqual({
      ok: false,
      reason: "truncated",
    });
    expect(await leftovers()).toEqual([]);
  });

  it("reports a source destroyed without an error as truncated", async () => {
    const { options, leftovers } = setup(scanner());
    const source = new PassThrough();
    source.write(pdf());
    const result = storeFile(source, options);
    setTimeout(() => source.destroy(), 20);
    expect(await result).toEqual({ ok: false, reason: "truncated" });
    expect(await leftovers()).toEqual([]);
  });
}

describe("storing a file without a virus scanner", () => {
  refusesBadFiles(() => null);

  it("reports a failing store, and deletes what it may have written", async () => {
    const deleted: string[] = [];
    const failing: FileStore = {
      async put(_key, body) {
        for await (const _ of body) throw new Error("disk full");
      },
      get: () => Promise.reject(new Error("not used")),
      delete: async (key) => void deleted.push(key),
      list: async function* () {},
    };
    const { options } = setup(null, { store: failing });
    expect(await storeFile(upload(await realPdf()), options)).toEqual({ ok: false, reason: "storage_failed" });
    expect(deleted).toEqual([options.key]);
  });
});

describe("storing a file with a scanner that is not clamd", () => {
  it("refuses what the scanner finds, and deletes the stored object", async () => {
    const scanner: VirusScanner = {
      async scan(body) {
        for await (const _ of body);
        return { clean: false, signature: "Test.Signature" };
      },
    };
    const { options, leftovers } = setup(scanner);
    expect(await storeFile(upload(await realPdf()), options)).toEqual({ ok: false, reason: "infected" });
    expect(await leftovers()).toEqual([]);
  });

  it("refuses when the scanner fails, even after the object was stored", async () => {
    const scanner: VirusScanner = {
      async scan(body) {
        for await (const _ of body);
        throw new Error("scanner broke");
      },
    };
    const { options, leftovers } = setup(scanner);
    expect(await storeFile(upload(await realPdf()), options)).toEqual({ ok: false, reason: "scan_failed" });
    expect(await leftovers()).toEqual([]);
  });

  it("waits for the scanner's verdict before answering ok", async () => {
    let verdictGiven = false;
    const scanner: VirusScanner = {
      async scan(body) {
        for await (const _ of body);
        await new Promise((resolve) => setTimeout(resolve, 200));
        verdictGiven = true;
        return { clean: true };
      },
    };
    const { options } = setup(scanner);
    expect(await storeFile(upload(await realPdf()), options)).toMatchObject({ ok: true });
    expect(verdictGiven).toBe(true);
  });
});

describeWithClamd("storing a file with a real clamd", (clamd) => {
  const scanner = () => createClamdScanner(clamd().address);

  refusesBadFiles(scanner);

  it("refuses EICAR and leaves nothing in the store", async () => {
    const { options, leftovers } = setup(scanner());
    // EICAR is text, so it is refused for its type before clamd's verdict is needed.
    expect(await storeFile(upload(EICAR), options)).toEqual({ ok: false, reason: "type_not_allowed" });
    expect(await leftovers()).toEqual([]);
  });

  it("refuses a PDF carrying EICAR as infected and leaves nothing in the store", async () => {
    const { options, leftovers } = setup(scanner());
    const file = pdfCarryingEicar(randomBytes(2 * MB));
    expect(await storeFile(upload(file), options)).toEqual({ ok: false, reason: "infected" });
    expect(await leftovers()).toEqual([]);
  });

  it("refuses every file while clamd cannot be reached", async () => {
    const { options, leftovers } = setup(createClamdScanner("tcp://127.0.0.1:1"));
    expect(await storeFile(upload(await realPdf()), options)).toEqual({ ok: false, reason: "scan_failed" });
    expect(await leftovers()).toEqual([]);
  });

  it("streams a 50 MB file through in memory that does not grow with it", async () => {
    const { options } = setup(scanner(), { maxBytes: 60 * MB });
    const size = 50 * MB;
    const head = pdf();
    const body = Buffer.alloc(64 * 1024, "0 0 Td (Inkomstuppgift) Tj\n");
    const expected = createHash("sha256").update(head);
    for (let n = head.length; n < size; n += body.length)
      expected.update(body.subarray(0, Math.min(body.length, size - n)));
    let produced = head.length;
    const source = new Readable({
      read() {
        if (produced >= size) return void this.push(null);
        const n = Math.min(body.length, size - produced);
        produced += n;
        this.push(body.subarray(0, n));
      },
    });
    source.push(head);

    const live = liveMemory();
    const before = live();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, live())), 50);
    const stored = await storeFile(source, options).finally(() => clearInterval(sampler));

    expect(stored).toMatchObject({ ok: true, size, sha256: expected.digest("hex") });
    expect(peak - before).toBeLessThan(30 * MB);
  });
});

/**
 * Heap plus buffers still referenced, after a full collection. Freed buffers are normally
 * swept on a background thread and would count for a while; sweeping them at once measures
 * what the code holds, not how far the collector lags behind.
 */
function liveMemory() {
  v8.setFlagsFromString("--expose-gc");
  v8.setFlagsFromString("--no-concurrent-array-buffer-sweeping");
  const gc = vm.runInNewContext("gc") as () => void;
  return () => {
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
}
