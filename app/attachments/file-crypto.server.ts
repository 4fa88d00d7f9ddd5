import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * Streaming authenticated encryption for stored files. A whole-file GCM tag would only be
 * checked after the last byte, so a download would hand out unauthenticated plaintext first.
 * Instead the plaintext is cut into 64 KiB segments, each sealed on its own with AES-256-GCM
 * under the file's data key, and nothing leaves the decrypter before its segment verified.
 *
 * Nonce: 8 random bytes per file, then the segment index as 4 bytes big-endian.
 * AAD: the caller's context, the segment index (4 bytes) and a final flag (1 byte), so a
 * segment cannot move, the file cannot be cut short at a segment boundary, and the object
 * cannot be passed off as another record's. An empty file is one empty, final segment.
 */

export const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const PREFIX_BYTES = 8;
const MAX_SEGMENTS = 2 ** 32;

/** What the caller stores next to the wrapped data key to decrypt the object again. */
export interface FileCryptoHeader {
  /** The file's random nonce prefix, base64url. */
  noncePrefix: string;
}

export class FileCryptoError extends Error {
  override name = "FileCryptoError";
}

/** Chunks in arrival order, taken out in exact sizes without copying everything on each write. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer) {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0]!;
      const used = head.copy(out, filled, 0, n - filled);
      filled += used;
      if (used === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(used);
    }
    this.length -= n;
    return out;
  }
}

function segmentParameters(prefix: Buffer, context: string, index: number, final: boolean) {
  if (index >= MAX_SEGMENTS) throw new FileCryptoError("file too large to encrypt");
  const nonce = Buffer.alloc(PREFIX_BYTES + 4);
  prefix.copy(nonce);
  nonce.writeUInt32BE(index, PREFIX_BYTES);
  const trailer = Buffer.alloc(5);
  trailer.writeUInt32BE(index, 0);
  trailer[4] = final ? 1 : 0;
  return { nonce, aad: Buffer.concat([Buffer.from(context, "utf8"), trailer]) };
}

function checkKey(dataKey: Buffer) {
  if (dataKey.length !== 32) throw new FileCryptoError("a file's data key must be 32 bytes");
}

/** Encrypts a byte stream; the header it returns is needed to decrypt it. */
export function createEncryptStream(dataKey: Buffer, context: string): { stream: Transform; header: FileCryptoHeader } {
  checkKey(dataKey);
  const prefix = randomBytes(PREFIX_BYTES);
  const pending = new ByteQueue();
  let index = 0;

  const seal = (plaintext: Buffer, final: boolean) => {
    const { nonce, aad } = segmentParameters(prefix, context, index++, final);
    const cipher = createCipheriv("aes-256-gcm", dataKey, nonce);
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };

  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      try {
        // A full segment is held back until more data shows it is not the last one.
        while (pending.length > SEGMENT_BYTES) this.push(seal(pending.take(SEGMENT_BYTES), false));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        callback(null, seal(pending.take(pending.length), true));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  return { stream, header: { noncePrefix: prefix.toString("base64url") } };
}

/** Decrypts what createEncryptStream wrote; errors on any change, reordering or truncation. */
export function createDecryptStream(dataKey: Buffer, context: string, header: FileCryptoHeader): Transform {
  checkKey(dataKey);
  const prefix = Buffer.from(header.noncePrefix, "base64url");
  if (prefix.length !== PREFIX_BYTES) throw new FileCryptoError("bad nonce prefix");
  const pending = new ByteQueue();
  const sealedSegment = SEGMENT_BYTES + TAG_BYTES;
  let index = 0;

  const open = (sealed: Buffer, final: boolean) => {
    const { nonce, aad } = segmentParameters(prefix, context, index++, final);
    const decipher = createDecipheriv("aes-256-gcm", dataKey, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      decipher.final();
    } catch {
      throw new FileCryptoError("the file failed authentication");
    }
    return plaintext;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      try {
        while (pending.length > sealedSegment) this.push(open(pending.take(sealedSegment), false));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      if (pending.length < TAG_BYTES) {
        callback(new FileCryptoError("the file is truncated"));
        return;
      }
      try {
        callback(null, open(pending.take(pending.length), true));
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
