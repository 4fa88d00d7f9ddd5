import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ActivePdfDetector, detectFileType } from "~/attachments/file-type.server";
import { EICAR, isoMedia, JPEG, pdf, PNG } from "../support/sample-files";

const text = (s: string) => Buffer.from(s, "utf8");

describe("file type from content", () => {
  it.each([
    ["a PDF", pdf(), "application/pdf"],
    ["a JPEG", JPEG, "image/jpeg"],
    ["a PNG", PNG, "image/png"],
    ["an iPhone HEIC photo", isoMedia("heic"), "image/heic"],
    ["a HEIF photo", isoMedia("mif1"), "image/heif"],
  ])("accepts %s", async (_name, bytes, type) => {
    expect(await detectFileType(bytes)).toEqual({ allowed: true, type });
  });

  it.each([
    ["plain text", text("Hej, här är mitt intyg."), null],
    ["HTML", text("<!doctype html><html><body><script>alert(1)</script></body></html>"), null],
    ["SVG", text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), null],
    ["a ZIP", Buffer.from("504b0304140000000000000000000000000000000000000000000000000000", "hex"), "application/zip"],
    ["a Windows program", Buffer.concat([text("MZ"), Buffer.alloc(200)]), "application/x-msdownload"],
    ["an AVIF image", isoMedia("avif"), "image/avif"],
    ["a GIF", text("GIF89a\x01\x00\x01\x00"), "image/gif"],
    ["EICAR", EICAR, null],
    ["random bytes", randomBytes(4100), null],
    ["a PDF with junk before its header", Buffer.concat([text("junk"), pdf()]), null],
  ])("refuses %s", async (_name, bytes, detected) => {
    expect(await detectFileType(bytes)).toEqual({ allowed: false, reason: "type_not_allowed", detected });
  });

  it("refuses an empty file as empty", async () => {
    expect(await detectFileType(Buffer.alloc(0))).toEqual({ allowed: false, reason: "empty", detected: null });
  });
});

describe("active content in a PDF", () => {
  const scan = (chunks: Buffer[]) => {
    const detector = new ActivePdfDetector();
    for (const chunk of chunks) detector.update(chunk);
    detector.finish();
    return detector.found;
  };
  /** Every way of cutting the bytes in two, so a name split across chunks is covered. */
  const everySplit = (bytes: Buffer) =>
    Array.from({ length: bytes.length + 1 }, (_, i) => scan([bytes.subarray(0, i), bytes.subarray(i)]));

  it.each([
    ["/JavaScript", "<< /S /JavaScript /JS (app.alert(1)) >>"],
    ["/JS", "<</JS(app.alert(1))>>"],
    ["/Launch", "<< /S /Launch /F (cmd.exe) >>"],
    ["/EmbeddedFile", "<< /Type /EmbeddedFile /Length 0 >>"],
    ["/EmbeddedFiles", "<< /Names << /EmbeddedFiles 9 0 R >> >>"],
    ["/JavaScript", "<< /S /J#61va#53cript >>"],
    ["/JS", "/JS"],
  ])("finds %s in %s, however it is cut", (name, body) => {
    expect(new Set(everySplit(Buffer.from(`%PDF-1.7\n${body}\n`)))).toEqual(new Set([name]));
  });

  it("finds it in a real document's object", () => {
    expect(scan([pdf("<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")])).toBe("/JavaScript");
  });

  it.each([
    ["a plain document", pdf()],
    ["longer names that start alike", Buffer.from("<< /JSON 1 /JavaScripts 2 /Launcher 3 /JavaScript#zz 4 >>")],
    ["the words outside names", Buffer.from("BT (JavaScript Launch EmbeddedFile) Tj ET")],
  ])("passes %s", (_name, bytes) => {
    expect(everySplit(bytes.subarray(0, 300)).every((found) => found === null)).toBe(true);
    expect(scan([bytes])).toBeNull();
  });

  it("byte by byte", () => {
    const bytes = Buffer.from("<< /OpenAction << /S /Java#53cript >> >>");
    expect(scan([...bytes].map((b) => Buffer.from([b])))).toBe("/JavaScript");
  });
});
