import { fileTypeFromBuffer } from "file-type";
import { isAllowedType, type AllowedType } from "./allowed-types";

/**
 * What a file is, decided from its content only: the name and the browser's Content-Type are
 * the sender's claims. Only documents and phone photos are accepted; anything a browser or an
 * office program could run or render as a page (HTML, SVG, archives, executables) is not.
 */

/** The bytes file-type needs to recognise every type it knows. */
export const SNIFF_BYTES = 4100;

export type TypeDecision =
  | { allowed: true; type: AllowedType }
  /** detected is what file-type saw (null: nothing it knows, such as text), for logs. */
  | { allowed: false; reason: "empty" | "type_not_allowed"; detected: string | null };

/** Decides from the first SNIFF_BYTES bytes of a file (fewer if the file is shorter). */
export async function detectFileType(head: Uint8Array): Promise<TypeDecision> {
  if (head.length === 0) return { allowed: false, reason: "empty", detected: null };
  const found = await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES));
  if (found && isAllowedType(found.mime)) return { allowed: true, type: found.mime };
  return { allowed: false, reason: "type_not_allowed", detected: found?.mime ?? null };
}

/**
 * PDF names that make a document do something when opened: run script, start a program, carry
 * another file. The check is cheap and knowingly incomplete (a name inside a compressed object
 * stream is not seen); it refuses the plain cases, and the virus scanner looks deeper.
 */
const activeNames = new Set(["JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles"]);
const LONGEST_ACTIVE_NAME = Math.max(...[...activeNames].map((n) => n.length));

// PDF white space and delimiters end a name (ISO 32000-1, 7.2.2).
const endsName = new Uint8Array(256);
for (const c of "()<>[]{}/%\0\t\n\f\r ") endsName[c.charCodeAt(0)] = 1;
const SOLIDUS = 0x2f;
const NUMBER_SIGN = 0x23;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/**
 * Finds active-content name tokens in a PDF fed to it chunk by chunk, across chunk boundaries,
 * holding only the name being read. Names are compared after #xx escapes are decoded, so
 * /J#61vaScript is /JavaScript.
 */
export class ActivePdfDetector {
  private match: string | null = null;
  /** The name being read, decoded; null between names. */
  private name: string | null = null;
  /** The hex digits of a #xx escape being read. */
  private escape: string | null = null;

  update(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.match) {
      if (this.name === null) {
        const next = chunk.indexOf(SOLIDUS, i);
        if (next === -1) return;
        this.name = "";
        i = next + 1;
        continue;
      }
      const byte = chunk[i++]!;
      if (endsName[byte]) {
        this.closeName();
        if (byte === SOLIDUS) this.name = "";
      } else if (this.escape !== null) {
        this.escape += String.fromCharCode(byte);
        if (this.escape.length === 2) {
          this.append(
            HEX_PAIR.test(this.escape) ? String.fromCharCode(Number.parseInt(this.escape, 16)) : "#" + this.escape,
          );
          this.escape = null;
        }
      } else if (byte === NUMBER_SIGN) {
        this.escape = "";
      } else {
        this.append(String.fromCharCode(byte));
      }
    }
  }

  /** The first active name seen, such as "/JavaScript". */
  get found(): string | null {
    return this.match;
  }

  /** Call after the last chunk: a name at the very end has no delimiter after it. */
  finish(): void {
    this.closeName();
  }

  private append(text: string) {
    // A name longer than every active name cannot be one; keep memory bounded.
    if (this.name!.length <= LONGEST_ACTIVE_NAME) this.name += text;
  }

  private closeName() {
    if (this.name !== null && activeNames.has(this.name)) this.match ??= `/${this.name}`;
    this.name = null;
    this.escape = null;
  }
}
