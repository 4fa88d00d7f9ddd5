import { randomInt } from "node:crypto";

/**
 * Receipt references such as "EB-7K3M-9QXP": a service prefix, seven random characters and a
 * check character. The alphabet leaves out 0, 1, I and O, which are read and typed wrong.
 */
const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const N = ALPHABET.length;

/** Luhn mod N over the alphabet: catches every single wrong character and most swaps. */
export function checkCharacter(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(body[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

export function newReference(prefix: string): string {
  let body = "";
  for (let i = 0; i < 7; i++) body += ALPHABET[randomInt(N)];
  const full = body + checkCharacter(body);
  return `${prefix}-${full.slice(0, 4)}-${full.slice(4)}`;
}

/** A reference's form: prefix, then the alphabet's characters in two groups of four. */
export const REFERENCE = /^([A-Z]{2})-([2-9A-HJ-NP-Z]{4})-([2-9A-HJ-NP-Z]{4})$/;

/** Whether a typed reference is well-formed and its check character matches. */
export function isValidReference(reference: string): boolean {
  const match = REFERENCE.exec(reference.trim().toUpperCase());
  if (!match) return false;
  const full = match[2]! + match[3]!;
  return checkCharacter(full.slice(0, 7)) === full[7];
}
