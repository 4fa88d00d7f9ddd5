/**
 * Checks that production secrets look random. A secret typed by hand ("aaaa…", a repeated
 * word), an all-zero key or one value used for two jobs passes a length check but protects
 * nothing: each is refused at start-up with a one-line reason.
 */

/** Bits of entropy a secret's own character frequencies give it (an upper bound, not a proof). */
export function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
  const length = [...secret].length;
  let bitsPerChar = 0;
  for (const n of counts.values()) bitsPerChar -= (n / length) * Math.log2(n / length);
  return bitsPerChar * length;
}

/**
 * 32 random characters from `openssl rand -hex 16` carry about 115 bits by this estimate, and
 * from base64 about 150; a repeated character or a short repeated word falls far below.
 */
const MIN_BITS = 96;
const MIN_DISTINCT = 8;

/** Why a text secret is too weak to use, or null. */
export function weakSecretReason(secret: string): string | null {
  if (new Set(secret).size < MIN_DISTINCT) return "it repeats too few characters to be random";
  if (estimatedBits(secret) < MIN_BITS) return "it has too little randomness (low entropy)";
  // A word typed again and again has many characters but no more randomness than the word.
  const repeated = /^(.{1,16}?)\1+/s.exec(secret)?.[0] ?? "";
  if (repeated.length >= secret.length / 2) return "it repeats a short pattern (low entropy)";
  return null;
}

/** Why a 32-byte encryption key is too weak to use, or null. */
export function weakKeyReason(key: Buffer): string | null {
  if (key.every((b) => b === 0)) return "a key is all zeros";
  if (new Set(key).size < 16) return "a key repeats too few byte values to be random";
  return null;
}
