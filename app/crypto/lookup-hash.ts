import { createHmac } from "node:crypto";

/**
 * A keyed hash for finding a record by a personal value (a personnummer) without storing the
 * value in the clear. Keyed, so a stolen database cannot be searched by hashing every possible
 * number; the key must never change, or existing rows can no longer be found.
 */
export function lookupHash(key: Buffer, purpose: string, value: string): string {
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`).digest("base64url");
}
