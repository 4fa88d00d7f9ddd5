import { createHmac } from "node:crypto";
import { csrfTokensMatch } from "../auth/csrf.server";
import type { RequestContext } from "../load-context";
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
 * Who holds an anonymous receipt's key: the anonymous browser, or, for a logged-in person who
 * chose to stay anonymous, their login session (under a prefix no browser token has). The
 * submission keeps no trace of them, so the receipt is theirs only while that session lasts.
 */
export function anonymousHolder(
  context: RequestContext,
  owner: DraftOwner,
): Extract<DraftOwner, { anonymousTokenHash: string }> {
  if ("anonymousTokenHash" in owner) return owner;
  if (context.session?.kind !== "resident") throw new Error("a person's draft without their session");
  return { anonymousTokenHash: `session:${context.session.idHash}` };
}

/**
 * What an anonymous submission keeps of the browser that sent it (a keyed hash of its random
 * token), so that a retried send from that browser finds its receipt and no other visitor does.
 * A logged-in person who chose anonymity gets none: it would tie the report to their session.
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
