import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import {
  createDecryptStream,
  createEncryptStream,
  FileCryptoError,
  SEGMENT_BYTES,
  type FileCryptoHeader,
} from "~/attachments/file-crypto.server";
import { newDataKey, type Keyring } from "~/crypto/envelope";

const keyring: Keyring = { activeKeyId: "k1", keys: new Map([["k1", randomBytes(32)]]) };
const SEALED_SEGMENT = SEGMENT_BYTES + 16;

/** Feeds the bytes in uneven chunks, so segment boundaries never line up with writes. */
function unevenly(bytes: Buffer): Readable {
  const sizes = [1, 7, 1000, 65_537, 3];
  let offset = 0;
  let turn = 0;
  return new Readable({
    read() {
      if (offset >= bytes.length) return void this.push(null);
      const size = sizes[turn++ % sizes.length]!;
      this.push(bytes.subarray(offset, offset + size));
      offset += size;
    },
  });
}

async function encrypt(plaintext: Buffer, dataKey: Buffer, context = "attachment:1") {
  const { stream, header } = createEncryptStream(dataKey, context);
  const [sealed] = await Promise.all([buffer(stream), pipeline(unevenly(plaintext), stream)]);
  return { sealed, header };
}

async function decrypt(sealed: Buffer, dataKey: Buffer, header: FileCryptoHeader, context = "attachment:1") {
  const stream = createDecryptStream(dataKey, context, header);
  const [plaintext] = await Promise.all([buffer(stream), pipeline(unevenly(sealed), stream)]);
  return plaintext;
}

describe("file encryption", () => {
  it.each([
    ["nothing", 0],
    ["one byte", 1],
    ["exactly one segment", SEGMENT_BYTES],
    ["one segment and a byte", SEGMENT_BYTES + 1],
    ["5 MB", 5_000_000],
  ])("round-trips %s", async (_name, size) => {
    const { dataKey } = newDataKey(keyring);
    const plaintext = randomBytes(size);
    const { sealed, header } = await encrypt(plaintext, dataKey);
    expect(sealed.length).toBe(size + 16 * Math.max(1, Math.ceil(size / SEGMENT_BYTES)));
    expect(Buffer.from(header.noncePrefix, "base64url")).toHaveLength(8);
    expect((await decrypt(sealed, dataKey, header)).equals(plaintext)).toBe(true);
  });

  it("never repeats a nonce prefix or shows the plaintext", async () => {
    const { dataKey } = newDataKey(keyring);
    const plaintext = Buffer.from("Anna Andersson 19850312-9820 ".repeat(100));
    const a = await encrypt(plaintext, dataKey);
    const b = await encrypt(plaintext, dataKey);
    expect(a.header.noncePrefix).not.toBe(b.header.noncePrefix);
    expect(a.sealed.equals(b.sealed)).toBe(false);
    expect(a.sealed.includes("19850312")).toBe(false);
  });

  describe("refuses", () => {
    const setup = async () => {
      const { dataKey } = newDataKey(keyring);
      const plaintext = randomBytes(3 * SEGMENT_BYTES + 100);
      return { dataKey, ...(await encrypt(plaintext, dataKey)) };
    };

    it("a changed byte, without emitting the segment it is in", async () => {
      const { dataKey, sealed, header } = await setup();
      sealed[SEALED_SEGMENT + 5]! ^= 1;
      const stream = createDecryptStream(dataKey, "attachment:1", header);
      let emitted = 0;
      stream.on("data", (chunk: Buffer) => (emitted += chunk.length));
      await expect(pipeline(Readable.from([sealed]), stream)).rejects.toThrow(FileCryptoError);
      expect(emitted).toBe(SEGMENT_BYTES);
    });

    it("a file whose last segment was dropped", async () => {
      const { dataKey, sealed, header } = await setup();
      await expect(decrypt(sealed.subarray(0, 3 * SEALED_SEGMENT), dataKey, header)).rejects.toThrow(FileCryptoError);
    });

    it("a file cut inside a segment or before its first tag", async () => {
      const { dataKey, sealed, header } = await setup();
      await expect(decrypt(sealed.subarray(0, sealed.length - 1), dataKey, header)).rejects.toThrow(FileCryptoError);
      await expect(decrypt(Buffer.alloc(0), dataKey, header)).rejects.toThrow("truncated");
      await expect(decrypt(sealed.subarray(0, 10), dataKey, header)).rejects.toThrow("truncated");
    });

    it("two segments swapped", async () => {
      const { dataKey, sealed, header } = await setup();
      const segment = (i: number) => sealed.subarray(i * SEALED_SEGMENT, (i + 1) * SEALED_SEGMENT);
      const swapped = Buffer.concat([segment(1), segment(0), sealed.subarray(2 * SEALED_SEGMENT)]);
      await expect(decrypt(swapped, dataKey, header)).rejects.toThrow(FileCryptoError);
    });

    it("another record's context, key or nonce prefix", async () => {
      const { dataKey, sealed, header } = await setup();
      await expect(decrypt(sealed, dataKey, header, "attachment:2")).rejects.toThrow(FileCryptoError);
      await expect(decrypt(sealed, newDataKey(keyring).dataKey, header)).rejects.toThrow(FileCryptoError);
      const other = { noncePrefix: randomBytes(8).toString("base64url") };
      await expect(decrypt(sealed, dataKey, other)).rejects.toThrow(FileCryptoError);
    });

    it("a malformed key or header", () => {
      expect(() => createEncryptStream(randomBytes(16), "c")).toThrow(FileCryptoError);
      expect(() => createDecryptStream(randomBytes(32), "c", { noncePrefix: "abc" })).toThrow(FileCryptoError);
    });
  });
});
