import { createHmac } from "node:crypto";
import { csrfTokensMatch } from "../auth/csrf.server";
import type { DraftOwner } from "./drafts.server";

/**
 * An anonymous sender sees their receipt through a key bound to both the reference and their
 * browser's anonymous token. Nothing about them is stored: the key is recomputed from the
 * cookie, and without the same browser it opens nothing.
 */
export function anonymousReceiptKey(
  secret: Buffer,
  reference: string,
  owner: Extract<DraftOwner, { anonymousTokenHash: string }>,
) {
  return createHmac("sha256", secret)
    .update(`receipt\u0000${reference}\u0000${owner.anonymousTokenHash}`)
    .digest("base64url");
}

/**
 * What an anonymous submission keeps of the browser that sent it (a keyed hash of its random
 * token), so that a retried send from that browser finds its receipt and no other visitor does.
 * A draft staff keep for someone (a prefixed owner) gets none.
 */
export function anonymousSenderKey(secret: Buffer, owner: DraftOwner): string | null {
  if (!("anonymousTokenHash" in owner) || owner.anonymousTokenHash.includes(":")) return null;
  return createHmac("sha256", secret).update(`sender\u0000${owner.anonymousTokenHash}`).digest("base64url");
}

export function anonymousReceiptAllowed(
  secret: Buffer,
  reference: string,
  owner: DraftOwner | null,
  key: string | null,
): boolean {
  if (!owner || !("anonymousTokenHash" in owner) || !key) return false;
  return csrfTokensMatch(key, anonymousReceiptKey(secret, reference, owner));
}
