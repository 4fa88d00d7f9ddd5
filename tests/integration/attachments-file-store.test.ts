import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStore, LocalFileStore, S3FileStore, type FileStore } from "~/attachments/file-store.server";
import { startS3Server } from "../support/s3-server";

const MB = 1024 * 1024;

/** size bytes of reproducible data in 64 KiB chunks, with its sha256. */
function generated(size: number) {
  const block = randomBytes(64 * 1024);
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < size; offset += block.length) {
    const chunk = block.subarray(0, Math.min(block.length, size - offset));
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { stream: () => Readable.from(chunks), sha256: hash.digest("hex") };
}

/** A body that sends some bytes and then fails, like a client that disconnects. */
function failingAfter(bytes: number) {
  return Readable.from(
    (async function* () {
      yield randomBytes(bytes);
      throw new Error("client went away");
    })(),
  );
}

async function sha256Of(stream: Readable) {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function behavesAsAFileStore(open: () => FileStore) {
  it("puts, gets and deletes a 12 MB stream", async () => {
    const store = open();
    const file = generated(12 * MB);
    await store.put("file_1", file.stream());
    expect(await sha256Of(await store.get("file_1"))).toBe(file.sha256);
    await store.delete("file_1");
    await expect(store.get("file_1")).rejects.toThrow();
  });

  it("replaces an object put again under the same key", async () => {
    const store = open();
    await store.put("file-2", Readable.from([Buffer.from("first")]));
    await store.put("file-2", Readable.from([Buffer.from("second")]));
    expect(await sha256Of(await store.get("file-2"))).toBe(createHash("sha256").update("second").digest("hex"));
    await store.delete("file-2");
  });

  it("stores nothing when the body fails", async () => {
    const store = open();
    // Past the first 5 MiB part, so S3 gets a multipart upload to abort.
    await expect(store.put("broken", failingAfter(6 * MB))).rejects.toThrow();
    await expect(store.get("broken")).rejects.toThrow();
  });

  it("lists what it holds with when it was written, and nothing half-put", async () => {
    const store = open();
    const before = Date.now() - 60_000;
    await store.put("listed-1", Readable.from([Buffer.from("one")]));
    await expect(store.put("listed-broken", failingAfter(6 * MB))).rejects.toThrow();
    const listed: { key: string; writtenAt: Date }[] = [];
    for await (const object of store.list()) listed.push(object);
    const keys = listed.map((o) => o.key);
    expect(keys).toContain("listed-1");
    expect(keys).not.toContain("listed-broken");
    const written = listed.find((o) => o.key === "listed-1")!.writtenAt.getTime();
    expect(written).toBeGreaterThan(before);
    expect(written).toBeLessThan(Date.now() + 60_000);
    await store.delete("listed-1");
  });

  it("deletes a missing object without complaint", async () => {
    await expect(open().delete("never-stored")).resolves.toBeUndefined();
  });

  it.each(["../escape", "a/b", "a.b", "", "x".repeat(129), "ä", ".hidden"])("refuses the key %j", async (key) => {
    const store = open();
    await expect(store.put(key, Readable.from([Buffer.from("x")]))).rejects.toThrow("file store key");
    await expect(store.get(key)).rejects.toThrow("file store key");
    await expect(store.delete(key)).rejects.toThrow("file store key");
  });
}

describe("local file store", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ingang-files-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  behavesAsAFileStore(() => new LocalFileStore(path.join(dir, "files")));

  it("leaves no temporary file behind, whether a put succeeds or fails", async () => {
    const store = new LocalFileStore(path.join(dir, "clean"));
    await store.put("kept", Readable.from([Buffer.from("data")]));
    await expect(store.put("lost", failingAfter(100_000))).rejects.toThrow("client went away");
    expect(await readdir(path.join(dir, "clean"))).toEqual(["kept"]);
  });

  it("never shows a half-written file under its key", async () => {
    const store = new LocalFileStore(path.join(dir, "atomic"));
    let release!: () => void;
    const body = Readable.from(
      (async function* () {
        yield Buffer.alloc(1000);
        await new Promise<void>((resolve) => (release = resolve));
        yield Buffer.alloc(1000);
      })(),
    );
    const put = store.put("slow", body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(store.get("slow")).rejects.toThrow();
    release();
    await put;
    expect(await sha256Of(await store.get("slow"))).toBe(createHash("sha256").update(Buffer.alloc(2000)).digest("hex"));
  });

  it("deletes from a directory that was never created", async () => {
    await expect(new LocalFileStore(path.join(dir, "never")).delete("x")).resolves.toBeUndefined();
  });

  it("is what the configuration's local storage makes", () => {
    expect(createFileStore({ kind: "local", dir })).toBeInstanceOf(LocalFileStore);
  });
});

describe("S3 file store (s3rver)", () => {
  let server: Awaited<ReturnType<typeof startS3Server>>;
  beforeAll(async () => {
    server = await startS3Server("ingang-test");
  });
  afterAll(() => server?.stop());

  behavesAsAFileStore(() => new S3FileStore(server.options));

  it("is what the configuration's S3 storage makes", () => {
    expect(createFileStore({ kind: "s3", ...server.options })).toBeInstanceOf(S3FileStore);
  });
});
