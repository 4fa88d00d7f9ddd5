import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Config } from "~/config.server";

/**
 * Where encrypted attachments are kept: a directory, or an S3-compatible bucket. The store
 * sees only ciphertext under generated ids; names, types and keys live in the database.
 */
export interface FileStore {
  /** Stores the whole stream under key, or nothing: a failed put leaves no object behind. */
  put(key: string, body: Readable): Promise<void>;
  /** Rejects when the object does not exist. */
  get(key: string): Promise<Readable>;
  /** Succeeds when the object is already gone. */
  delete(key: string): Promise<void>;
  /** Every object under a valid key, with when it was written (for the orphan clean-up). */
  list(): AsyncIterable<{ key: string; writtenAt: Date }>;
}

const KEY = /^[A-Za-z0-9_-]{1,128}$/;

/** Keys are generated ids; anything else (a path, a dot) is a bug or an attack. */
function checkKey(key: string) {
  if (!KEY.test(key)) throw new Error("a file store key must be 1 to 128 letters, digits, _ or -");
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

export class LocalFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  async put(key: string, body: Readable): Promise<void> {
    checkKey(key);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // A temporary name (never a valid key, having dots) in the same directory, renamed into
    // place only once complete and on disk, so a crash never leaves half a file under a key.
    const temporary = path.join(this.dir, `.${key}.${randomUUID()}.part`);
    const file = await open(temporary, "wx", 0o600);
    try {
      await pipeline(body, file.createWriteStream({ flush: true }));
      await rename(temporary, this.path(key));
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw error;
    }
    await this.syncDirectory();
  }

  async get(key: string): Promise<Readable> {
    checkKey(key);
    // Opened before returning, so a missing object rejects here rather than mid-download.
    const file = await open(this.path(key), "r");
    return file.createReadStream();
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await unlink(this.path(key));
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await this.syncDirectory();
  }

  async *list(): AsyncIterable<{ key: string; writtenAt: Date }> {
    const names = await readdir(this.dir).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    // Temporary ".part" files are never valid keys: a put in progress is not listed.
    for (const name of names.filter((n) => KEY.test(n))) {
      const written = await stat(this.path(name)).catch(() => null);
      if (written) yield { key: name, writtenAt: written.mtime };
    }
  }

  private path(key: string) {
    return path.join(this.dir, key);
  }

  /** A rename or unlink is durable only once the directory itself is synced. */
  private async syncDirectory() {
    const dir = await open(this.dir, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

export interface S3Options {
  bucket: string;
  region: string;
  endpoint?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export class S3FileStore implements FileStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor({ bucket, region, endpoint, credentials, forcePathStyle }: S3Options) {
    this.bucket = bucket;
    this.client = new S3Client({ region, endpoint, credentials, forcePathStyle });
  }

  async put(key: string, body: Readable): Promise<void> {
    checkKey(key);
    // Multipart in 5 MiB parts, two in flight: memory per upload stays near 10 MiB whatever
    // the file's size. A failed upload is aborted, so no object appears under the key.
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: "application/octet-stream" },
      queueSize: 2,
    }).done();
  }

  async get(key: string): Promise<Readable> {
    checkKey(key);
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!(Body instanceof Readable)) throw new Error("the S3 client returned no readable body");
    return Body;
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(): AsyncIterable<{ key: string; writtenAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      for (const object of page.Contents ?? [])
        if (object.Key && KEY.test(object.Key) && object.LastModified)
          yield { key: object.Key, writtenAt: object.LastModified };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

export function createFileStore(storage: Config["attachments"]["storage"]): FileStore {
  return storage.kind === "s3" ? new S3FileStore(storage) : new LocalFileStore(storage.dir);
}
