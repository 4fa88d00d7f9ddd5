import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type Weight = "regular" | "bold";

/** One font file as laid out on a page; metrics are in ems. */
export interface Face {
  /** The name the font is registered under in the document. */
  key: string;
  ascent: number;
  descent: number;
  covers(codePoint: number): boolean;
}

export interface FontBook {
  /** The first face of the weight's fallback chain that has a glyph for the character. */
  pick(codePoint: number, weight: Weight): Face | undefined;
  /** The face a line without text takes its height from. */
  primary(weight: Weight): Face;
}

const numericWeight = { regular: 400, bold: 700 } as const;

// Noto Sans for Latin first (Swedish, English, Somali, Finnish and names from most of Europe), the
// rest of its subsets for names typed in other scripts, Noto Naskh Arabic for Arabic and Persian.
const chain = [
  ...["latin", "latin-ext", "vietnamese", "greek", "greek-ext", "cyrillic", "cyrillic-ext", "devanagari"].map(
    (subset) => ({ family: "noto-sans", subset }),
  ),
  { family: "noto-naskh-arabic", subset: "arabic" },
];

// Resolved from this module so the files are found from a bundle as well as from the sources.
const nodeRequire = createRequire(import.meta.url);
const fileCache = new Map<string, Buffer>();

function fontFile(specifier: string): Buffer {
  let data = fileCache.get(specifier);
  if (!data) {
    data = readFileSync(nodeRequire.resolve(specifier));
    fileCache.set(specifier, data);
  }
  return data;
}

type Ranges = [number, number][];
const rangeCache = new Map<string, Record<string, Ranges>>();

/** Each subset's unicode-range as published with the font (the CSS @font-face ranges). */
function unicodeRanges(family: string): Record<string, Ranges> {
  let ranges = rangeCache.get(family);
  if (!ranges) {
    const published = nodeRequire(`@fontsource/${family}/unicode.json`) as Record<string, string>;
    ranges = Object.fromEntries(
      Object.entries(published).map(([subset, list]) => [
        subset,
        list.split(",").map((range): [number, number] => {
          const [from = "0", to = from] = range.trim().replace(/^U\+/i, "").split("-");
          return [parseInt(from, 16), parseInt(to, 16)];
        }),
      ]),
    );
    rangeCache.set(family, ranges);
  }
  return ranges;
}

/** What pdfkit keeps on its current font: its metrics and the fontkit font it subsets. */
interface EmbeddedFont {
  ascender: number;
  descender: number;
  font: { hasGlyphForCodePoint(codePoint: number): boolean };
}

function currentFont(doc: PDFKit.PDFDocument): EmbeddedFont {
  // pdfkit has no public way to ask whether a font has a glyph; its fontkit font knows.
  const font = (doc as unknown as { _font?: Partial<EmbeddedFont> })._font;
  if (
    typeof font?.font?.hasGlyphForCodePoint !== "function" ||
    font.ascender === undefined ||
    font.descender === undefined
  ) {
    throw new Error("pdfkit's current font no longer exposes its fontkit font and metrics");
  }
  return font as EmbeddedFont;
}

/**
 * The fonts of one document. A font is only parsed, and so only embedded, once a character in
 * its unicode-range needs it: a Swedish receipt carries one Latin subset per weight.
 */
export function createFontBook(doc: PDFKit.PDFDocument): FontBook {
  const faces = new Map<string, Face>();

  function face(specifier: string): Face {
    let loaded = faces.get(specifier);
    if (!loaded) {
      doc.registerFont(specifier, fontFile(specifier));
      const embedded = currentFont(doc.font(specifier));
      loaded = {
        key: specifier,
        ascent: embedded.ascender / 1000,
        descent: -embedded.descender / 1000,
        covers: (codePoint) => embedded.font.hasGlyphForCodePoint(codePoint),
      };
      faces.set(specifier, loaded);
    }
    return loaded;
  }

  // The .woff files: fontkit reads .woff2 too but cannot subset it for embedding.
  const specifier = (family: string, subset: string, weight: Weight) =>
    `@fontsource/${family}/files/${family}-${subset}-${numericWeight[weight]}-normal.woff`;

  return {
    pick(codePoint, weight) {
      for (const { family, subset } of chain) {
        const inRange = unicodeRanges(family)[subset]?.some(([from, to]) => from <= codePoint && codePoint <= to);
        if (!inRange) continue;
        const candidate = face(specifier(family, subset, weight));
        if (candidate.covers(codePoint)) return candidate;
      }
      return undefined;
    },
    primary: (weight) => face(specifier(chain[0]!.family, chain[0]!.subset, weight)),
  };
}
