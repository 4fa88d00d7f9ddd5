import type { Line, Measure } from "./text-layout.server";

/** The part of a page that content flows through, in points from the top left corner. */
export interface Frame {
  left: number;
  width: number;
  top: number;
  bottom: number;
}

/** Lines in one column of a row, tagged as one structure element (a heading, a paragraph, a cell). */
export interface Cell {
  lines: Line[];
  left: number;
  width: number;
  color: string;
  tag: string;
  element: PDFKit.PDFStructureElement;
}

// An explicit feature list makes pdfkit shape a run as a whole. Without one it shapes word by word
// and sets the words left to right, which reverses the word order of Arabic text.
const textOptions: PDFKit.Mixins.TextOptions = { lineBreak: false, features: [], baseline: "alphabetic" };

/** Widths from pdfkit's own layout of each run, remembered since the same words recur. */
export function measureWith(doc: PDFKit.PDFDocument): Measure {
  const widths = new Map<string, number>();
  return (text, face, size) => {
    const key = `${face.key}\u0000${size}\u0000${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = doc.font(face.key).fontSize(size).widthOfString(text, textOptions);
      widths.set(key, width);
    }
    return width;
  };
}

/** Draws a line with its left edge at x. Runs share the alphabetic baseline whatever their font. */
export function drawLine(doc: PDFKit.PDFDocument, line: Line, x: number, baseline: number, color: string): void {
  for (const run of line.runs) {
    doc
      .font(run.face.key)
      .fontSize(line.size)
      .fillColor(color)
      .text(run.text, x + run.x, baseline, textOptions);
  }
}

/** Where a line starts so it sits at the start side of its column: left, or right in right-to-left text. */
export function startX(direction: "ltr" | "rtl", left: number, width: number, line: Line): number {
  return direction === "rtl" ? left + width - line.width : left;
}

/** Leading below each line, as a share of its font size. */
const LINE_GAP = 0.25;

export function lineHeight(line: Line): number {
  return line.ascent + line.descent + LINE_GAP * line.size;
}

/** Writes lines down the pages, starting a new page when the next line does not fit. */
export class PageWriter {
  private y: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly frame: Frame,
    private readonly direction: "ltr" | "rtl",
  ) {
    this.y = frame.top;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y + height > this.frame.bottom && this.y > this.frame.top) {
      this.doc.addPage();
      this.y = this.frame.top;
    }
  }

  /** Vertical space, which a new page swallows. */
  space(points: number): void {
    if (this.y > this.frame.top) this.y += points;
  }

  /** Cells side by side, line by line, so a long value continues on the next page. */
  row(cells: Cell[]): void {
    const count = Math.max(0, ...cells.map((cell) => cell.lines.length));
    for (let i = 0; i < count; i++) {
      const lines = cells.map((cell) => cell.lines[i]);
      const present = lines.filter((line) => line !== undefined);
      const ascent = Math.max(...present.map((line) => line.ascent));
      const below = Math.max(...present.map((line) => lineHeight(line) - line.ascent));
      this.ensure(ascent + below);
      const baseline = this.y + ascent;
      cells.forEach((cell, k) => {
        const line = lines[k];
        if (line && line.runs.length > 0) this.drawTagged(cell, line, baseline);
      });
      this.y += ascent + below;
    }
  }

  /** A hairline across the frame, unless the page is full; decoration, so an artifact for assistive technology. */
  rule(color: string): void {
    const { doc, frame, y } = this;
    if (y > frame.bottom) return;
    doc.markContent("Artifact", { type: "Layout" });
    doc
      .save()
      .lineWidth(0.5)
      .strokeColor(color)
      .moveTo(frame.left, y)
      .lineTo(frame.left + frame.width, y)
      .stroke()
      .restore();
    doc.endMarkedContent();
  }

  private drawTagged(cell: Cell, line: Line, baseline: number): void {
    const content = this.doc.markStructureContent(cell.tag);
    // The glyphs are in visual order; the actual text gives readers the line in reading order.
    this.doc.markContent("Span", { actual: line.text });
    drawLine(this.doc, line, startX(this.direction, cell.left, cell.width, line), baseline, cell.color);
    this.doc.endMarkedContent().endMarkedContent();
    cell.element.add(content);
  }
}
