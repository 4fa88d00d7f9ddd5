/**
 * Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer): parsing, validation and the one normalised form, 12 digits,
 * that the portal uses as a person's key.
 */

export type IdentityNumberKind = "personnummer" | "samordningsnummer";

export interface IdentityNumber {
  /** YYYYMMDDNNNC: always 12 digits, no separator. */
  normalized: string;
  kind: IdentityNumberKind;
  /** ISO date of birth; for a samordningsnummer with an unknown day, the first of the month. */
  birthDate: string;
}

export type IdentityNumberError = "format" | "date" | "checksum" | "future";

export type ParseResult = { ok: true; value: IdentityNumber } | { ok: false; error: IdentityNumberError };

const PATTERN = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

/** The Luhn check digit over the nine digits YYMMDDNNN. */
export function luhnCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < nineDigits.length; i++) {
    let d = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Accepts 10 or 12 digits, with or without '-' (or '+', which in the 10-digit form means the
 * person has turned 100). Whitespace is ignored. `today` decides the century of a 10-digit number.
 */
export function parseIdentityNumber(input: string, today: Date = new Date()): ParseResult {
  const match = PATTERN.exec(input.replace(/\s+/g, ""));
  if (!match) return { ok: false, error: "format" };
  const [, century, yy, mm, dd, separator, serial, check] = match as unknown as string[];

  const month = Number(mm);
  let day = Number(dd);
  let kind: IdentityNumberKind = "personnummer";
  if (day > 60) {
    kind = "samordningsnummer";
    day -= 60;
  } else if (day === 60) {
    // A samordningsnummer may leave the day of birth unknown (00 + 60).
    kind = "samordningsnummer";
    day = 0;
  }

  const todayIso = today.toISOString().slice(0, 10);
  const isoDate = (y: number) => `${String(y).padStart(4, "0")}-${mm}-${String(Math.max(day, 1)).padStart(2, "0")}`;
  let year: number;
  if (century) {
    year = Number(century + yy);
  } else {
    // The latest birth date ending in yy that is not after today; '+' means a century earlier.
    const currentYear = today.getUTCFullYear();
    year = currentYear - ((((currentYear - Number(yy)) % 100) + 100) % 100);
    if (isoDate(year) > todayIso) year -= 100;
    if (separator === "+") year -= 100;
  }

  if (month < 1 || month > 12) return { ok: false, error: "date" };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (kind === "personnummer" ? day < 1 || day > daysInMonth : day > daysInMonth) return { ok: false, error: "date" };

  if (luhnCheckDigit(`${yy}${mm}${dd}${serial}`) !== Number(check)) return { ok: false, error: "checksum" };

  const birthDate = isoDate(year);
  if (birthDate > todayIso) return { ok: false, error: "future" };

  return {
    ok: true,
    value: { normalized: `${String(year).padStart(4, "0")}${mm}${dd}${serial}${check}`, kind, birthDate },
  };
}

/** 19850312-1234: how a number is written for the person it belongs to. */
export function formatIdentityNumber(normalized: string): string {
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}

/** 19850312-XXXX: how a number may be shown to anyone else. */
export function maskIdentityNumber(normalized: string): string {
  return `${normalized.slice(0, 8)}-XXXX`;
}
