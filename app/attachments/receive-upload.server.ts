import { data } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import busboy from "busboy";
import { csrfTokensMatch } from "../auth/csrf.server";
import type { Keyring } from "../crypto/envelope";
import type { FileStore } from "./file-store.server";
import { allowedTypes, extensionOf, type AllowedType } from "./allowed-types";
import { sanitizeFileName } from "./filename";
import { storeFile, type StoreFailure, type StoredFile, type StoreResult } from "./store-file.server";
import type { VirusScanner } from "./virus-scan.server";

/**
 * Reads a multipart form as it streams in: fields into a URLSearchParams, each file straight
 * through storeFile (checked, scanned, encrypted, stored) without ever being held in memory.
 * The CSRF token must arrive before the first file; a file that comes first is refused unread.
 */

export interface ReceivedFile {
  /** The form field it came in, e.g. "file-hyreskontrakt". */
  field: string;
  id: string;
  storageKey: string;
  /** Sanitised for showing and downloading; the client's own name is never used as a path. */
  filename: string;
  stored: StoredFile;
}

export interface RefusedFile {
  field: string;
  /** Sanitised, for telling the person which file it was. */
  filename: string;
  reason: StoreFailure | "too_many_files" | "total_too_large";
}

export type UploadFailure = "csrf" | "malformed" | "not_multipart" | "too_large";

export type Upload =
  | { ok: true; fields: URLSearchParams; files: ReceivedFile[]; refused: RefusedFile[] }
  | { ok: false; reason: UploadFailure; files: ReceivedFile[] };

export interface UploadLimits {
  maxFileBytes: number;
  /** Files this request may still add (the submission's limit minus what it holds). */
  maxFiles: number;
  /** Bytes this request may still add. */
  maxTotalBytes: number;
}

export interface UploadDependencies {
  keyring: Keyring;
  store: FileStore;
  scanner: VirusScanner | null;
}

/**
 * A refused file's name as the person knows it: its own extension when that is one we take
 * ("kontoutdrag.png", not "kontoutdrag.pdf"), else .pdf. Its content was never identified.
 */
function refusedName(clientName: string): string {
  const extension = /\.([A-Za-z]{3,4})$/.exec(clientName)?.[1]?.toLowerCase();
  const claimed = allowedTypes.find(
    (t) => extensionOf[t] === extension || (t === "image/jpeg" && extension === "jpeg"),
  );
  return sanitizeFileName(clientName, (claimed ?? "application/pdf") as AllowedType);
}

const FIELD_LIMITS = { fields: 60, fieldSize: 16 * 1024, parts: 80, headerPairs: 50, fieldNameSize: 100 };

/** Room beside the files for the form's fields and the multipart framing (FIELD_LIMITS fits). */
export const BODY_OVERHEAD_BYTES = 2 * 1024 * 1024;

/**
 * The most a request may carry: what the submission can still take plus the form around it. A
 * request that declares more is refused before a byte is read, and one that sends more (chunked,
 * or lying about its length) is refused the moment it passes this; the caller answers at once
 * and closes the connection (`Connection: close`) instead of reading the rest.
 */
export const bodyLimit = (limits: UploadLimits) => limits.maxTotalBytes + BODY_OVERHEAD_BYTES;

export async function receiveUpload(
  request: Request,
  csrfToken: string,
  limits: UploadLimits,
  deps: UploadDependencies,
): Promise<Upload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body)
    return { ok: false, reason: "not_multipart", files: [] };
  const maxBody = bodyLimit(limits);
  if (Number(request.headers.get("content-length") ?? 0) > maxBody)
    return { ok: false, reason: "too_large", files: [] };

  const fields = new URLSearchParams();
  const files: ReceivedFile[] = [];
  const refused: RefusedFile[] = [];
  let csrfChecked = false;
  let csrfFailed = false;
  let totalBytes = 0;
  let started = 0;
  // Files are stored one after another: the next part is not read until the previous is done,
  // so the limits on count and total size hold exactly and busboy waits (back-pressure).
  let queue: Promise<void> = Promise.resolve();

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { ...FIELD_LIMITS, files: 50, fileSize: limits.maxFileBytes + 1 },
      defParamCharset: "utf8",
    });
  } catch {
    return { ok: false, reason: "malformed", files: [] };
  }

  parser.on("field", (name, value) => {
    if (name === "csrf" && !csrfChecked) {
      csrfChecked = true;
      // A file that came before the token has already failed the request.
      csrfFailed ||= !csrfTokensMatch(value, csrfToken);
      return;
    }
    fields.append(name, value);
  });

  parser.on("file", (field, stream, info) => {
    if (!csrfChecked || csrfFailed || !/^[\w-]{1,60}$/.test(field)) {
      csrfFailed ||= !csrfChecked;
      stream.resume();
      return;
    }
    // A file input left empty arrives as a part with no name and no bytes.
    if (!info.filename) {
      stream.resume();
      return;
    }
    const name = info.filename.slice(0, 500);
    if (started >= limits.maxFiles) {
      stream.resume();
      queue = queue.then(() => {
        refused.push({ field, filename: refusedName(name), reason: "too_many_files" });
      });
      return;
    }
    started++;
    const id = randomUUID();
    const storageKey = randomUUID().replace(/-/g, "");
    queue = queue.then(async () => {
      // Each file is bounded by what is left of the request's total as well as the per-file limit.
      const remaining = limits.maxTotalBytes - totalBytes;
      // storeFile reports failures as results; anything it throws is the store's failure too,
      // and must neither skip the files after it nor reject this chain before it is awaited.
      const result = await storeFile(stream, {
        ...deps,
        maxBytes: Math.min(limits.maxFileBytes, remaining),
        context: `attachment:${id}`,
        key: storageKey,
      }).catch((): StoreResult => ({ ok: false, reason: "storage_failed" }));
      if (result.ok) {
        totalBytes += result.size;
        files.push({ field, id, storageKey, filename: sanitizeFileName(name, result.contentType), stored: result });
      } else {
        const reason =
          result.reason === "too_large" && remaining < limits.maxFileBytes ? "total_too_large" : result.reason;
        refused.push({ field, filename: refusedName(name), reason });
      }
    });
  });

  let tooLarge = false;
  const parsed = new Promise<boolean>((resolve) => {
    parser.on("close", () => resolve(true));
    parser.on("error", () => resolve(false));
  });
  const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream);
  source.on("error", () => parser.destroy(new Error("the request body ended early")));
  let received = 0;
  source.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received <= maxBody || tooLarge) return;
    // Past the limit: stop reading here rather than drain the rest.
    tooLarge = true;
    source.unpipe(parser);
    source.pause();
    parser.destroy(new Error("the request body is too large"));
  });
  source.pipe(parser);

  const complete = await parsed;
  await queue.catch(() => {});
  if (tooLarge) return { ok: false, reason: "too_large", files };
  if (csrfFailed || !csrfChecked) return { ok: false, reason: "csrf", files };
  if (!complete) return { ok: false, reason: "malformed", files };
  return { ok: true, fields, files, refused };
}

/**
 * The answer to a body over the limit: 413, and the connection closed after it, so the rest of
 * the body is never read (the page's error boundary says so in the person's language).
 */
export const tooLargeResponse = () => data(null, { status: 413, headers: { Connection: "close" } });

/** Deletes what a failed request stored, so nothing is left half-way. */
export async function discardFiles(store: FileStore, files: ReceivedFile[]): Promise<void> {
  await Promise.all(files.map((f) => store.delete(f.storageKey)));
}
