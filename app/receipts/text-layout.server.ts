import bidiFactory, { type EmbeddingLevels } from "bidi-js";
import type { Face, FontBook, Weight } from "./fonts.server";

export interface TextStyle {
  size: number;
  weight: Weight;
  /** The bidi base direction: the document's, or "ltr" for text that always reads left to right. */
  direction: "ltr" | "rtl";
  width: number;
}

/** A stretch of one line in one face, its characters already in the order pdfkit must be given. */
export interface Run {
  text: string;
  face: Face;
  /** Distance from the line's left edge, in points. */
  x: number;
}

export interface Line {
  /** The line's characters in reading order, for assistive technology. */
  text: string;
  /** In reading order, so text extraction meets them in that order too. */
  runs: Run[];
  size: number;
  width: number;
  ascent: number;
  descent: number;
}

/** The advance width of a run of characters in a face, in points. */
export type Measure = (text: string, face: Face, size: number) => number;

const bidi = bidiFactory();
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

// Bidi formatting characters steer the algorithm and then have nothing to draw.
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL, "gu");
// Lines break after spaces, but not after no-break spaces such as the one in "14 000 kr".
const WORD = /([^ \u1680\u2000-\u2006\u2008-\u200A\u205F\u3000]+)([ \u1680\u2000-\u2006\u2008-\u200A\u205F\u3000]*)/g;
const FORMAT = /\p{Cf}/u;
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const ARABIC = /\p{Script=Arabic}/u;

/**
 * Splits text into paragraphs at hard line breaks and drops what has nothing to draw: other
 * control characters and unpaired surrogates.
 */
function paragraphs(text: string): string[] {
  const cleaned = text
    .replace(/\p{Cs}/gu, "")
    .normalize("NFC")
    .trim();
  if (!cleaned) return [];
  return cleaned.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/).map((p) =>
    p
      .replace(/\t/g, " ")
      .replace(/\p{Cc}/gu, "")
      .trim(),
  );
}

/**
 * The face each UTF-16 unit is drawn in, or undefined for what is not drawn. Spaces, digits and
 * punctuation stay in the face before them when it has them, so an Arabic phrase stays one run
 * for shaping; format characters such as the Persian zero-width non-joiner only ever stay.
 */
function facesOf(text: string, weight: Weight, fonts: FontBook): (Face | undefined)[] {
  const faces: (Face | undefined)[] = [];
  let previous: Face | undefined;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const stays = previous?.covers(codePoint) ? previous : undefined;
    let face: Face | undefined;
    if (BIDI_CONTROL.test(char)) face = undefined;
    else if (FORMAT.test(char)) face = stays;
    else face = (NEUTRAL.test(char) && stays) || fonts.pick(codePoint, weight);
    if (face) previous = face;
    for (let unit = 0; unit < char.length; unit++) faces.push(face);
  }
  return faces;
}

interface Stretch {
  start: number;
  end: number;
  face: Face;
  level: number;
}

/**
 * Splits [start, end) into stretches of drawn units in one face and, when levels are given, one
 * embedding level. Units that are not drawn join the stretch around them unless their level differs.
 */
function stretches(faces: (Face | undefined)[], start: number, end: number, levels?: Uint8Array): Stretch[] {
  const found: Stretch[] = [];
  let current: Stretch | undefined;
  for (let i = start; i < end; i++) {
    const face = faces[i];
    const level = levels?.[i] ?? 0;
    if (current && (level !== current.level || (face && face !== current.face))) {
      found.push(current);
      current = undefined;
    }
    if (!face) continue;
    current ??= { start: i, end: i, face, level };
    current.end = i + 1;
  }
  if (current) found.push(current);
  return found;
}

/**
 * fontkit shapes a run and, when the run's first character with a script belongs to a
 * right-to-left script, returns its glyphs right to left. Of the scripts these fonts cover, only
 * Arabic is one.
 */
function fontkitReversesRun(text: string): boolean {
  const scripted = SCRIPTED.exec(text)?.[0];
  return scripted !== undefined && ARABIC.test(scripted);
}

function reverseGraphemes(text: string): string {
  return Array.from(graphemes.segment(text), (g) => g.segment)
    .reverse()
    .join("");
}

/**
 * Lays out text as lines of at most `style.width` points: wrapped in reading order, then each
 * line put in visual order by the Unicode bidi algorithm, so digits, Latin names and reference
 * numbers sit where they belong inside Arabic and Persian text.
 */
export function layoutText(text: string, style: TextStyle, fonts: FontBook, measure: Measure): Line[] {
  return paragraphs(text).flatMap((paragraph) => layoutParagraph(paragraph, style, fonts, measure));
}

function layoutParagraph(text: string, style: TextStyle, fonts: FontBook, measure: Measure): Line[] {
  const faces = facesOf(text, style.weight, fonts);
  const levels = bidi.getEmbeddingLevels(text, style.direction);

  const widthOf = (start: number, end: number) =>
    stretches(faces, start, end).reduce((sum, s) => sum + measure(drawn(text, faces, s), s.face, style.size), 0);

  const lines = breakLines(text, widthOf, style.width);
  if (lines.length === 0) return [emptyLine(style, fonts)];
  return lines.map(([start, end]) => visualLine(text, faces, levels, start, end, style, fonts, measure));
}

/** The characters of a stretch that are drawn, mirrored where a right-to-left level asks for it. */
function drawn(text: string, faces: (Face | undefined)[], stretch: Stretch, mirrored?: Map<number, string>): string {
  let result = "";
  for (let i = stretch.start; i < stretch.end; i++) if (faces[i]) result += mirrored?.get(i) ?? text[i];
  return result;
}

/**
 * Greedy line breaking after spaces. A word wider than a line (a pasted link, a long number) is
 * broken between graphemes instead.
 */
function breakLines(text: string, widthOf: (start: number, end: number) => number, maxWidth: number) {
  const lines: [number, number][] = [];
  let line: { start: number; end: number; width: number } | undefined;
  let space = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[1]!.length;
    const width = widthOf(start, end);
    if (line && line.width + space + width <= maxWidth) {
      line.end = end;
      line.width += space + width;
    } else {
      if (line) lines.push([line.start, line.end]);
      line = width <= maxWidth ? { start, end, width } : { start, end: start, width: 0 };
      if (width > maxWidth) {
        for (const { segment, index } of graphemes.segment(text.slice(start, end))) {
          const from = start + index;
          const graphemeWidth = widthOf(from, from + segment.length);
          if (line.end > line.start && line.width + graphemeWidth > maxWidth) {
            lines.push([line.start, line.end]);
            line = { start: from, end: from, width: 0 };
          }
          line.end = from + segment.length;
          line.width += graphemeWidth;
        }
      }
    }
    space = widthOf(end, end + match[2]!.length);
  }
  if (line) lines.push([line.start, line.end]);
  return lines;
}

function visualLine(
  text: string,
  faces: (Face | undefined)[],
  levels: EmbeddingLevels,
  start: number,
  end: number,
  style: TextStyle,
  fonts: FontBook,
  measure: Measure,
): Line {
  const mirrored = bidi.getMirroredCharactersMap(text, levels.levels, start, end - 1);
  const order = bidi.getReorderedIndices(text, levels, start, end - 1);
  const visualPosition = new Map(order.slice(start, end).map((index, position) => [index, position]));

  // A run has one face and one embedding level, so it stays together when the line is reordered.
  const runs = stretches(faces, start, end, levels.levels).map((s) => {
    const logical = drawn(text, faces, s, mirrored);
    // Shaping needs the characters in reading order; reverse only what fontkit will not.
    const glyphOrder = (s.level % 2 === 1) === fontkitReversesRun(logical) ? logical : reverseGraphemes(logical);
    return {
      run: { text: glyphOrder, face: s.face, x: 0 },
      width: measure(glyphOrder, s.face, style.size),
      left: Math.min(visualPosition.get(s.start)!, visualPosition.get(s.end - 1)!),
    };
  });

  let x = 0;
  for (const placed of [...runs].sort((a, b) => a.left - b.left)) {
    placed.run.x = x;
    x += placed.width;
  }
  const used = runs.length > 0 ? runs.map((r) => r.run.face) : [fonts.primary(style.weight)];
  return {
    text: text.slice(start, end).replace(BIDI_CONTROLS, ""),
    runs: runs.map((r) => r.run),
    ...metrics(used, style.size),
    width: x,
  };
}

function metrics(faces: Face[], size: number) {
  return {
    size,
    ascent: Math.max(...faces.map((f) => f.ascent)) * size,
    descent: Math.max(...faces.map((f) => f.descent)) * size,
  };
}

function emptyLine(style: TextStyle, fonts: FontBook): Line {
  return { text: "", runs: [], width: 0, ...metrics([fonts.primary(style.weight)], style.size) };
}
