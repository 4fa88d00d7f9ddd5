import PDFDocument from "pdfkit";
import { languageOf, type LanguageCode } from "~/i18n/languages";
import { createFontBook, type Weight } from "./fonts.server";
import { drawLine, lineHeight, measureWith, PageWriter, startX, type Frame } from "./page-writer.server";
import { layoutText, type Line } from "./text-layout.server";

export interface ReceiptPdfInput {
  language: LanguageCode;
  direction: "ltr" | "rtl";
  /** e.g. "Kvittens – Ansökan om ekonomiskt bistånd" */
  title: string;
  municipality: string;
  labels: { reference: string; arrivedAt: string; page: string /* contains {{page}} and {{pages}} */ };
  /** Always Latin letters/digits, e.g. "FS-7K3M-9QXP"; read left to right even in RTL text. */
  reference: string;
  /** Already formatted in the language, e.g. "27 november 2026 kl. 14:03" */
  arrivedAt: string;
  sections: { heading: string; rows: { label: string; value: string }[] }[];
  /** Closing paragraphs, e.g. what happens next. */
  notes: string[];
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56.69; // 20 mm
const frame: Frame = { left: MARGIN, width: A4.width - 2 * MARGIN, top: MARGIN, bottom: A4.height - 70 };
const FOOTER_BASELINE = A4.height - 36;
const GUTTER = 14;
const LABEL_WIDTH = frame.width * 0.36;
const VALUE_WIDTH = frame.width - LABEL_WIDTH - GUTTER;

const INK = "#1b1f24";
const MUTED = "#4a5260";
const RULE = "#c5cad3";

/**
 * The receipt of a submission as an A4 PDF for the resident to keep: real, tagged text in
 * embedded Noto fonts, laid out right to left for Arabic and Persian.
 */
export async function renderReceiptPdf(input: ReceiptPdfInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 0,
    bufferPages: true, // the footer's page count is known only at the end
    pdfVersion: "1.7",
    tagged: true,
    displayTitle: true,
    lang: languageOf(input.language).htmlLang,
    info: { Title: input.title, Author: input.municipality, Creator: "Ingång" },
  });
  const pdf = collect(doc);
  writeReceipt(doc, input);
  doc.end();
  return pdf;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/** Text as given, for assistive technology, and as laid out. */
interface Text {
  value: string;
  lines: Line[];
}

/** Lays out text in the document's fonts, by default in the receipt's direction. */
type Typeset = (value: string, size: number, weight: Weight, width: number, direction?: "ltr" | "rtl") => Text;

function writeReceipt(doc: PDFKit.PDFDocument, input: ReceiptPdfInput): void {
  const rtl = input.direction === "rtl";
  const fonts = createFontBook(doc);
  const measure = measureWith(doc);
  const text: Typeset = (value, size, weight, width, direction = input.direction) => ({
    value: value.trim(),
    lines: layoutText(value, { size, weight, width, direction }, fonts, measure),
  });

  const root = doc.struct("Document");
  doc.addStructure(root);
  // A text element's actual text is the text in reading order. Some extractors cannot
  // recover it from the glyphs: Noto Naskh builds letters from shared dotless forms and dots.
  const element = (type: string, parent: PDFKit.PDFStructureElement, actual = "") => {
    const child = doc.struct(type, { actual });
    parent.add(child);
    return child;
  };
  const writer = new PageWriter(doc, frame, input.direction);
  const block = ({ value, lines }: Text, tag: string, color = INK) => {
    if (lines.length === 0) return;
    writer.row([{ lines, left: frame.left, width: frame.width, color, tag, element: element(tag, root, value) }]);
  };
  // Label and value side by side, mirrored in right-to-left text.
  const pair = (table: PDFKit.PDFStructureElement, label: Text, value: Text) => {
    const row = element("TR", table);
    const labelLeft = rtl ? frame.left + VALUE_WIDTH + GUTTER : frame.left;
    const valueLeft = rtl ? frame.left : frame.left + LABEL_WIDTH + GUTTER;
    writer.row([
      {
        lines: label.lines,
        left: labelLeft,
        width: LABEL_WIDTH,
        color: MUTED,
        tag: "TH",
        element: element("TH", row, label.value),
      },
      {
        lines: value.lines,
        left: valueLeft,
        width: VALUE_WIDTH,
        color: INK,
        tag: "TD",
        element: element("TD", row, value.value),
      },
    ]);
  };

  block(text(input.title, 18, "bold", frame.width), "H1");
  writer.space(2);
  block(text(input.municipality, 11, "regular", frame.width), "P", MUTED);
  writer.space(12);
  writer.rule(RULE);
  writer.space(10);
  const facts = element("Table", root);
  // The reference is read out over the phone character by character: always left to right.
  const reference = text(input.reference, 14, "bold", VALUE_WIDTH, "ltr");
  pair(facts, text(input.labels.reference, 10, "regular", LABEL_WIDTH), reference);
  writer.space(4);
  pair(
    facts,
    text(input.labels.arrivedAt, 10, "regular", LABEL_WIDTH),
    text(input.arrivedAt, 11, "regular", VALUE_WIDTH),
  );
  writer.space(10);
  writer.rule(RULE);

  for (const section of input.sections) {
    const heading = text(section.heading, 13, "bold", frame.width);
    const rows = section.rows
      .map((row) => ({
        label: text(row.label, 10, "regular", LABEL_WIDTH),
        value: text(row.value, 10, "regular", VALUE_WIDTH),
      }))
      .filter((row) => row.label.lines.length > 0 || row.value.lines.length > 0);
    if (heading.lines.length === 0 && rows.length === 0) continue;

    writer.space(18);
    // Keep a heading with the first line of its first row.
    const firstLines = [rows[0]?.label.lines[0], rows[0]?.value.lines[0]].filter((line) => line !== undefined);
    writer.ensure(
      heading.lines.reduce((sum, line) => sum + lineHeight(line), 0) + Math.max(0, ...firstLines.map(lineHeight)),
    );
    block(heading, "H2");
    writer.space(4);
    const table = element("Table", root);
    rows.forEach((row, index) => {
      if (index > 0) {
        writer.space(3);
        writer.rule(RULE);
        writer.space(5);
      }
      pair(table, row.label, row.value);
    });
  }

  const notes = input.notes
    .map((note) => text(note, 10, "regular", frame.width))
    .filter((note) => note.lines.length > 0);
  if (notes.length > 0) writer.space(14);
  for (const note of notes) {
    writer.space(8);
    block(note, "P");
  }

  writeFooters(doc, input, text);
  root.end();
}

/** The reference at the start side of every page's foot and "page X of Y" at the end side. */
function writeFooters(doc: PDFKit.PDFDocument, input: ReceiptPdfInput, text: Typeset): void {
  const { start, count } = doc.bufferedPageRange();
  const atStart = (line: Line) => startX(input.direction, frame.left, frame.width, line);
  const atEnd = (line: Line) => (input.direction === "rtl" ? frame.left : frame.left + frame.width - line.width);
  const half = (frame.width - GUTTER) / 2;
  // A footer has room for one line each; the reference and the page label are short.
  const [reference] = text(input.reference, 8.5, "regular", half, "ltr").lines;
  for (let page = 1; page <= count; page++) {
    const label = input.labels.page
      .replace(/\{\{\s*page\s*\}\}/g, String(page))
      .replace(/\{\{\s*pages\s*\}\}/g, String(count));
    const [pageLine] = text(label, 8.5, "regular", half).lines;
    doc.switchToPage(start + page - 1);
    doc.markContent("Artifact", { type: "Pagination" });
    if (reference) drawLine(doc, reference, atStart(reference), FOOTER_BASELINE, MUTED);
    if (pageLine) drawLine(doc, pageLine, atEnd(pageLine), FOOTER_BASELINE, MUTED);
    doc.endMarkedContent();
  }
}
