import { createHash } from "node:crypto";
import { finished, PassThrough, Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newDataKey, type Keyring } from "~/crypto/envelope";
import type { AllowedType } from "./allowed-types";
import { createEncryptStream } from "./file-crypto.server";
import type { FileStore } from "./file-store.server";
import { ActivePdfDetector, detectFileType, SNIFF_BYTES } from "./file-type.server";
import type { VirusScanner } from "./virus-scan.server";

/**
 * One uploaded file, from its byte stream to an encrypted object in the store, in one pass
 * and in bounded memory:
 *
 *   source → size limit and sha256 → type sniff → active-PDF check → ─┬→ encrypt → store
 *                                                                     └→ clamd INSTREAM
 *
 * The first failure decides the reason and stops everything: the source is drained rather
 * than destroyed (so a multipart parser can go on to the next part), and the stored object,
 * if it got that far, is deleted before the answer. With a scanner, a file is only ok once
 * the scanner said clean for every byte of it. storeFile rejects only when that clean-up fails.
 */

export type StoreFailure =
  | "too_large"
  | "empty"
  | "type_not_allowed"
  | "active_content"
  | "infected"
  | "scan_failed"
  | "storage_failed"
  | "truncated";

/** What the caller records for the file: the object is useless without keyId, wrappedKey and noncePrefix. */
export interface StoredFile {
  ok: true;
  size: number;
  /** Of the plaintext, hex. */
  sha256: string;
  contentType: AllowedType;
  keyId: string;
  wrappedKey: string;
  noncePrefix: string;
}

export type StoreResult = StoredFile | { ok: false; reason: StoreFailure };

export interface StoreFileOptions {
  keyring: Keyring;
  store: FileStore;
  /** null only where no clamd is configured (never in production). */
  scanner: VirusScanner | null;
  maxBytes: number;
  /** Bound into the encryption, e.g. "attachment:<id>"; decrypting needs the same. */
  context: string;
  /** The object's key in the store. */
  key: string;
}

type Fail = (reason: StoreFailure) => void;

/** A stage that looks at every chunk and passes it on unchanged. */
function inspect(look: (chunk: Buffer) => void, atEnd?: () => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      look(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      atEnd?.();
      callback();
    },
  });
}

/** Holds back the first SNIFF_BYTES bytes until the type is known; nothing of a refused file passes. */
function sniffType(decided: (type: AllowedType) => void, fail: Fail): Transform {
  let head: Buffer[] | null = [];
  let held = 0;
  async function decide(stream: Transform) {
    const bytes = Buffer.concat(head!);
    head = null;
    const decision = await detectFileType(bytes);
    if (!decision.allowed) return fail(decision.reason);
    decided(decision.type);
    stream.push(bytes);
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (!head) return callback(null, chunk);
      head.push(chunk);
      held += chunk.length;
      if (held < SNIFF_BYTES) return callback();
      decide(this).then(() => callback(), callback);
    },
    flush(callback: TransformCallback) {
      if (!head) return callback();
      decide(this).then(() => callback(), callback);
    },
  });
}

/** Copies every chunk to target as well, at the pace of the slower of the two. */
function copyTo(target: PassThrough): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (target.destroyed || target.write(chunk)) return callback(null, chunk);
      const go = () => {
        target.off("drain", go).off("close", go);
        callback(null, chunk);
      };
      target.on("drain", go).on("close", go);
    },
    flush(callback: TransformCallback) {
      target.end();
      callback();
    },
  });
}

export async function storeFile(source: Readable, options: StoreFileOptions): Promise<StoreResult> {
  const { store, scanner, key } = options;
  const { dataKey, keyId, wrapped } = newDataKey(options.keyring);
  const { stream: encrypt, header } = createEncryptStream(dataKey, options.context);

  let failure: StoreFailure | null = null;
  let size = 0;
  let contentType: AllowedType | null = null;
  const sha256 = createHash("sha256");
  const activeContent = new ActivePdfDetector();
  const toScanner = new PassThrough();
  // The scanner reports its own failures through scan(); this only keeps a late one quiet.
  toScanner.on("error", () => {});

  const checkActive = () => {
    if (activeContent.found) fail("active_content");
  };
  const stages: Transform[] = [
    inspect((chunk) => {
      size += chunk.length;
      if (size > options.maxBytes) fail("too_large");
      else sha256.update(chunk);
    }),
    sniffType((type) => (contentType = type), fail),
    inspect(
      (chunk) => {
        if (contentType !== "application/pdf") return;
        activeContent.update(chunk);
        checkActive();
      },
      () => {
        activeContent.finish();
        checkActive();
      },
    ),
    ...(scanner ? [copyTo(toScanner)] : []),
    encrypt,
  ];
  const first = stages[0]!;

  // The first failure is the reason; what follows from stopping (broken pipes, aborted
  // uploads, a cancelled scan) changes nothing.
  function fail(reason: StoreFailure) {
    if (failure) return;
    failure = reason;
    source.unpipe(first);
    source.resume();
    first.destroy(new Error(`upload refused: ${reason}`));
    toScanner.destroy();
  }

  finished(source, (error) => {
    if (error) fail("truncated");
  });
  source.pipe(first);

  await Promise.all([
    pipeline(stages).catch(() => fail("storage_failed")),
    store.put(key, encrypt).catch(() => fail("storage_failed")),
    scanner?.scan(toScanner).then(
      (result) => {
        if (!result.clean) fail("infected");
      },
      () => fail("scan_failed"),
    ),
  ]);

  if (failure) {
    // Best effort: a failed put leaves no object behind by itself (FileStore.put), and with the
    // store down this would only fail again; an error here must not become the request's.
    await store.delete(key).catch(() => {});
    return { ok: false, reason: failure };
  }
  return {
    ok: true,
    size,
    sha256: sha256.digest("hex"),
    // Set: without a type the sniff stage fails, and nothing reaches the store.
    contentType: contentType!,
    keyId,
    wrappedKey: wrapped,
    noncePrefix: header.noncePrefix,
  };
}
