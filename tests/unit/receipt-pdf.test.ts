import { getDocument, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import type { Face, FontBook } from "~/receipts/fonts.server";
import { renderReceiptPdf, type ReceiptPdfInput } from "~/receipts/receipt-pdf.server";
import { layoutText } from "~/receipts/text-layout.server";

const swedish: ReceiptPdfInput = {
  language: "sv",
  direction: "ltr",
  title: "Kvittens – Ansökan om ekonomiskt bistånd",
  municipality: "Exempelkommunen",
  labels: { reference: "Referensnummer", arrivedAt: "Kom in", page: "Sida {{page}} av {{pages}}" },
  reference: "FS-7K3M-9QXP",
  arrivedAt: "27 november 2026 kl. 14:03",
  sections: [
    {
      heading: "Sökande",
      rows: [
        { label: "Namn", value: "Anna Andersson" },
        { label: "Medsökande", value: "فاطمة الزهراء (Fatima Farah)" },
      ],
    },
  ],
  notes: ["En handläggare kontaktar dig inom tio arbetsdagar."],
};

const arabic: ReceiptPdfInput = {
  language: "ar",
  direction: "rtl",
  title: "إيصال – طلب المساعدة المالية",
  municipality: "بلدية إكسمبل",
  labels: { reference: "الرقم المرجعي", arrivedAt: "تاريخ الوصول", page: "الصفحة {{page}} من {{pages}}" },
  reference: "FS-7K3M-9QXP",
  arrivedAt: "27 نوفمبر 2026، الساعة 14:03",
  sections: [
    {
      heading: "مقدم الطلب",
      rows: [
        { label: "الاسم", value: "Anna Andersson" },
        { label: "ملاحظات", value: "أحتاج إلى مساعدة في دفع الإيجار لشهر ديسمبر" },
      ],
    },
  ],
  notes: ["لقد استلمنا طلبك."],
};

const persian: ReceiptPdfInput = {
  ...arabic,
  language: "fa",
  title: "رسید – درخواست کمک مالی",
  labels: { reference: "شماره پیگیری", arrivedAt: "زمان دریافت", page: "صفحه {{page}} از {{pages}}" },
  arrivedAt: "۲۷ نوامبر ۲۰۲۶، ساعت ۱۴:۰۳",
  sections: [{ heading: "درخواست‌کننده", rows: [{ label: "نام", value: "می‌خواهم با مددکار صحبت کنم" }] }],
  notes: ["درخواست شما دریافت شد."],
};

async function open(pdf: Buffer): Promise<PDFDocumentProxy> {
  return getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
}

async function pages(document: PDFDocumentProxy): Promise<PDFPageProxy[]> {
  return Promise.all(Array.from({ length: document.numPages }, (_, i) => document.getPage(i + 1)));
}

async function textOf(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  return content.items
    .map((item) => ("str" in item ? item.str : ""))
    .join(" ")
    .replace(/\s+/g, " ");
}

interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
}

/** The actual text of every structure element: what assistive technology reads. */
async function actualTexts(page: PDFPageProxy): Promise<string[]> {
  const collect = (node: StructNode): string[] => [
    ...(node.alt ? [node.alt] : []),
    ...(node.children ?? []).flatMap(collect),
  ];
  return collect((await page.getStructTree()) as StructNode);
}

const comparable = (text: string) => text.normalize("NFKC").replace(/\s+/g, "");

/** Latin-1 view of the file: font names and dictionaries are plain ASCII in it. */
const raw = (pdf: Buffer) => pdf.toString("latin1");

describe("receipt PDF", () => {
  it("has the Swedish title and the reference as text, and no images", async () => {
    const document = await open(await renderReceiptPdf(swedish));
    const [first] = await pages(document);
    const text = await textOf(first!);
    expect(text).toContain("Kvittens – Ansökan om ekonomiskt bistånd");
    expect(text).toContain("FS-7K3M-9QXP");
    expect(text).toContain("Sida 1 av 1");

    const { fnArray } = await first!.getOperatorList();
    expect(fnArray).toContain(OPS.showText);
    for (const op of [
      OPS.paintImageXObject,
      OPS.paintInlineImageXObject,
      OPS.paintImageMaskXObject,
      OPS.paintFormXObjectBegin,
    ]) {
      expect(fnArray).not.toContain(op);
    }
  });

  it("sets the title, the language and marks the document as tagged", async () => {
    const info = async (document: PDFDocumentProxy) =>
      Object.fromEntries(Object.entries((await document.getMetadata()).info));
    const document = await open(await renderReceiptPdf(swedish));
    expect(await info(document)).toMatchObject({ Title: swedish.title, Language: "sv" });
    expect(await document.getMarkInfo()).toMatchObject({ Marked: true });
    expect(await info(await open(await renderReceiptPdf(arabic)))).toMatchObject({
      Title: arabic.title,
      Language: "ar",
    });
  });

  it("embeds subsets of the fonts, Noto Naskh Arabic only where Arabic script is written", async () => {
    const fontNames = (pdf: Buffer) => [...raw(pdf).matchAll(/\/BaseFont \/([A-Z]{6})\+([\w-]+)/g)].map((m) => m[2]);
    const swedishFonts = fontNames(await renderReceiptPdf({ ...swedish, sections: [] }));
    expect(new Set(swedishFonts)).toEqual(new Set(["NotoSans-Regular", "NotoSans-Bold"]));
    // The Arabic name typed into the Swedish receipt gets its own font rather than missing glyphs.
    expect(fontNames(await renderReceiptPdf(swedish))).toContain("NotoNaskhArabic-Regular");
    expect(fontNames(await renderReceiptPdf(arabic))).toEqual(
      expect.arrayContaining(["NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold", "NotoSans-Bold"]),
    );
  });

  it("continues long sections on new pages with the page footer on every page", { timeout: 30_000 }, async () => {
    const long = "Hushållet har haft oväntade utgifter för tandvård, glasögon och en trasig tvättmaskin. ".repeat(4);
    const input = {
      ...swedish,
      sections: [
        {
          heading: "Utgifter",
          rows: Array.from({ length: 80 }, (_, i) => ({ label: `Utgift ${i + 1}`, value: long })),
        },
      ],
    };
    const document = await open(await renderReceiptPdf(input));
    expect(document.numPages).toBeGreaterThan(1);
    const texts = await Promise.all((await pages(document)).map(textOf));
    texts.forEach((text, i) => expect(text).toContain(`Sida ${i + 1} av ${document.numPages}`));
    expect(texts.join(" ")).toContain("Utgift 80");
    expect(texts.at(-1)).toContain(swedish.notes[0]);
  });

  for (const [name, input] of [
    ["an Arabic", arabic],
    ["a Persian", persian],
  ] as const) {
    it(`writes ${name} receipt in Arabic letters with the Latin reference`, async () => {
      const pdf = await renderReceiptPdf(input);
      const [first] = await pages(await open(pdf));

      // Glyphs drawn from the Arabic font: letters, not the .notdef box (text \u0000) or nothing.
      const text = await textOf(first!);
      expect(text).toContain("FS-7K3M-9QXP");
      expect(text.match(/\p{Script=Arabic}/gu)?.length).toBeGreaterThan(40);
      // eslint-disable-next-line no-control-regex -- a NUL byte is the defect this looks for
      expect(text).not.toMatch(/[\u0000\uFFFD]/);
      expect(raw(pdf)).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoNaskhArabic-Regular/);

      // Noto Naskh draws letters as shared dotless forms plus dots, which a glyph-to-text map
      // cannot tell apart; the actual text of each element carries the words in reading order.
      const actual = (await actualTexts(first!)).map(comparable);
      const expected = [
        input.labels.reference,
        input.labels.arrivedAt,
        input.sections[0]!.heading,
        input.sections[0]!.rows[0]!.label,
      ];
      for (const words of [
        ...expected,
        input.sections[0]!.rows[0]!.value,
        input.notes[0]!,
        input.title,
        input.reference,
      ]) {
        expect(actual).toContain(comparable(words));
      }
    });
  }

  it("renders odd input without throwing", async () => {
    const odd: ReceiptPdfInput = {
      ...swedish,
      title: "",
      municipality: "   ",
      labels: { reference: "", arrivedAt: "", page: "" },
      reference: "",
      arrivedAt: "",
      sections: [
        { heading: "", rows: [] },
        { heading: "Tomt", rows: [{ label: "", value: "" }] },
        {
          heading: "<script>alert(1)</script>",
          rows: [
            { label: "Ord", value: "x".repeat(5000) },
            { label: "Emoji 😀👨‍👩‍👧", value: "🎉 \u0000\u0007\uD800 \u202Eabc\u202C 🏳️‍🌈 ok\r\nrad två\t\ttabb" },
            { label: "عربي", value: "ب".repeat(800) },
          ],
        },
      ],
      notes: ["", "<b>fet</b> &amp;"],
    };
    const document = await open(await renderReceiptPdf(odd));
    const texts = await Promise.all((await pages(document)).map(textOf));
    const all = texts.join(" ");
    expect(all).toContain("<script>alert(1)</script>");
    expect(all).toContain("<b>fet</b> &amp;");
    expect(all).toContain("rad två");
    // eslint-disable-next-line no-control-regex -- a NUL byte is the defect this looks for
    expect(all).not.toMatch(/[\u0000\uFFFD]/);
  });
});

describe("receipt text layout", () => {
  // A font book with a Latin face and an Arabic face, every glyph half an em wide.
  const face = (key: string, covers: (codePoint: number) => boolean): Face => ({
    key,
    ascent: 1,
    descent: 0.3,
    covers,
  });
  const latin = face("latin", (cp) => cp >= 0x20 && cp < 0x250);
  const naskh = face("arabic", (cp) => cp === 0x20 || (cp >= 0x600 && cp < 0x700));
  const fonts: FontBook = { pick: (cp) => [latin, naskh].find((f) => f.covers(cp)), primary: () => latin };
  const measure = (text: string, _face: Face, size: number) => [...text].length * size * 0.5;
  const layout = (text: string, direction: "ltr" | "rtl", width = 1000) =>
    layoutText(text, { size: 10, weight: "regular", direction, width }, fonts, measure);
  /** Runs from left to right as [face, text given to pdfkit]. */
  const visual = (text: string, direction: "ltr" | "rtl") =>
    layout(text, direction).map((line) =>
      [...line.runs].sort((a, b) => a.x - b.x).map((run) => [run.face.key, run.text]),
    );

  it("puts a Latin name and digits to the left of Arabic words in right-to-left text", () => {
    // fontkit reverses Arabic runs itself, so they are handed over in reading order.
    expect(visual("الاسم Anna 123", "rtl")).toEqual([
      [
        ["latin", "Anna 123"],
        ["arabic", "الاسم "],
      ],
    ]);
  });

  it("keeps the order of Arabic-Indic digits, which fontkit would otherwise reverse", () => {
    expect(visual("رقم ١٢٣", "rtl")).toEqual([
      [
        ["arabic", "٣٢١"],
        ["arabic", "رقم "],
      ],
    ]);
  });

  it("mirrors brackets in right-to-left runs and orders Arabic words right to left in Swedish text", () => {
    expect(visual("(مرحبا)", "rtl")).toEqual([
      [
        ["latin", "("],
        ["arabic", "مرحبا"],
        ["latin", ")"],
      ],
    ]);
    expect(visual("Namn: فاطمة الزهراء", "ltr")).toEqual([
      [
        ["latin", "Namn: "],
        ["arabic", "فاطمة الزهراء"],
      ],
    ]);
  });

  it("wraps within the width, breaking overlong words, and reads each line in order", () => {
    // Twelve characters fit on a line.
    const lines = layout("ett två tre fyra " + "x".repeat(50), "ltr", 60);
    expect(lines.every((line) => line.width <= 60)).toBe(true);
    expect(lines.map((line) => line.text)).toEqual(["ett två tre", "fyra", ...Array(4).fill("x".repeat(12)), "xx"]);
    expect(layout("", "ltr")).toEqual([]);
  });
});
