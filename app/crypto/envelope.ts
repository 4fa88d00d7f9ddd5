import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Envelope encryption for personal data at rest: every record gets its own random data key
 * (AES-256-GCM); the data key is stored wrapped by a key-encryption key named by id. Rotating
 * the key-encryption key re-wraps 32-byte data keys, never the data itself.
 *
 * A sealed value is text: v1.<key id>.<wrapped data key>.<iv | ciphertext | tag>, base64url.
 * The context (e.g. "person.pnr:<id>") is authenticated, so a value cannot be moved to
 * another record or column and still open.
 */

export interface Keyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

const VERSION = "v1";
const IV = 12;
const TAG = 16;

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function gcmDecrypt(key: Buffer, packed: Buffer, aad: string): Buffer {
  if (packed.length < IV + TAG) throw new SealError("truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, packed.subarray(0, IV));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(packed.subarray(packed.length - TAG));
  try {
    return Buffer.concat([decipher.update(packed.subarray(IV, packed.length - TAG)), decipher.final()]);
  } catch {
    throw new SealError("authentication failed");
  }
}

export class SealError extends Error {
  override name = "SealError";
}

const wrapContext = (keyId: string) => `ingang.data-key.${VERSION}.${keyId}`;

function keyFor(keyring: Keyring, keyId: string): Buffer {
  const key = keyring.keys.get(keyId);
  if (!key) throw new SealError(`unknown key id ${keyId}`);
  return key;
}

/** A new random data key, and that key wrapped under the active key. */
export function newDataKey(keyring: Keyring): { dataKey: Buffer; keyId: string; wrapped: string } {
  const dataKey = randomBytes(32);
  const keyId = keyring.activeKeyId;
  const wrapped = gcmEncrypt(keyFor(keyring, keyId), dataKey, wrapContext(keyId)).toString("base64url");
  return { dataKey, keyId, wrapped };
}

export function unwrapDataKey(keyring: Keyring, keyId: string, wrapped: string): Buffer {
  return gcmDecrypt(keyFor(keyring, keyId), Buffer.from(wrapped, "base64url"), wrapContext(keyId));
}

export function seal(keyring: Keyring, plaintext: Buffer | string, context: string): string {
  const { dataKey, keyId, wrapped } = newDataKey(keyring);
  const body = gcmEncrypt(dataKey, Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(plaintext, "utf8"), context);
  return [VERSION, keyId, wrapped, body.toString("base64url")].join(".");
}

function parts(sealed: string) {
  const [version, keyId, wrapped, body, extra] = sealed.split(".");
  if (version !== VERSION || !keyId || !wrapped || !body || extra !== undefined)
    throw new SealError("not a sealed value");
  return { keyId, wrapped, body };
}

export function open(keyring: Keyring, sealed: string, context: string): Buffer {
  const { keyId, wrapped, body } = parts(sealed);
  return gcmDecrypt(unwrapDataKey(keyring, keyId, wrapped), Buffer.from(body, "base64url"), context);
}

export const openText = (keyring: Keyring, sealed: string, context: string) =>
  open(keyring, sealed, context).toString("utf8");
export const sealJson = (keyring: Keyring, value: unknown, context: string) =>
  seal(keyring, JSON.stringify(value), context);
export const openJson = <T>(keyring: Keyring, sealed: string, context: string) =>
  JSON.parse(openText(keyring, sealed, context)) as T;

/** The key id a sealed value's data key is wrapped under. */
export const keyIdOf = (sealed: string) => parts(sealed).keyId;

/** The same value with its data key wrapped under the active key; the data is not re-encrypted. */
export function rewrap(keyring: Keyring, sealed: string): string {
  const { keyId, wrapped, body } = parts(sealed);
  if (keyId === keyring.activeKeyId) return sealed;
  const dataKey = unwrapDataKey(keyring, keyId, wrapped);
  const active = keyring.activeKeyId;
  const rewrapped = gcmEncrypt(keyFor(keyring, active), dataKey, wrapContext(active)).toString("base64url");
  return [VERSION, active, rewrapped, body].join(".");
}
