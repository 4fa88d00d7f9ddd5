import { extensionOf, type AllowedType } from "./allowed-types";

/**
 * A client-supplied file name made safe to show to staff and to offer as a download name.
 * The name is only a label: its extension always becomes the one of the type found in the
 * content, so a PDF sent as "faktura.exe" downloads as "faktura.pdf" and a PNG sent as
 * "bild.pdf" as "bild.png".
 */

const MAX_CHARACTERS = 100;

const fallbackStem: Record<AllowedType, string> = {
  "application/pdf": "dokument",
  "image/jpeg": "bild",
  "image/png": "bild",
  "image/heic": "bild",
  "image/heif": "bild",
};

// Control characters other than white space (that is collapsed to a space instead), lone
// surrogates, and the bidi marks, embeddings, overrides and isolates that make
// "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
const INVISIBLE = /(?!\s)[\p{Cc}\p{Cs}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
// Characters Windows refuses in a file name; this also keeps markup out of the name.
const RESERVED = /[<>:"|?*]/g;
// An extension to drop: up to five letters and digits, at least one a letter (so "2025.03.01" stays).
const EXTENSION = /\.(?=[A-Za-z0-9]{0,4}[A-Za-z])[A-Za-z0-9]{1,5}$/;
// Leading dots hide a file on Unix; trailing dots and spaces vanish on Windows.
const trim = (s: string) => s.replace(/^[\s.]+|[\s.]+$/gu, "");

export function sanitizeFileName(clientName: string, type: AllowedType): string {
  const base = clientName.split(/[/\\]/).pop()!;
  const cleaned = base.normalize("NFC").replace(INVISIBLE, "").replace(/\s+/gu, " ").replace(RESERVED, "_");
  const extension = `.${extensionOf[type]}`;
  // Counted in code points, so a surrogate pair is never cut in half.
  const stem = Array.from(trim(cleaned.trim().replace(EXTENSION, ""))).slice(0, MAX_CHARACTERS - extension.length);
  return (trim(stem.join("")) || fallbackStem[type]) + extension;
}
