import { deflateSync } from "node:zlib";

/** Small files of each kind the attachment tests need, built in memory. */

/** The 68-byte EICAR anti-virus test file: harmless, and detected by every scanner. */
export const EICAR = Buffer.from(
  String.raw`X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`,
  "latin1",
);

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** The start of a JPEG (JFIF), which is all type detection reads. */
export const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from("JFIF\0", "latin1"),
  Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
]);

/** The start of an ISO media file with the given brand, as phones write HEIC and HEIF photos. */
export function isoMedia(brand: string): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}\0\0\0\0mif1${brand}`, "latin1")]);
}

/**
 * A well-formed PDF with one page and the given extra objects (dictionaries, or streams as
 * { dictionary, data }), with a correct cross-reference table.
 */
export function pdf(...extra: (string | { dictionary: string; data: Buffer })[]): Buffer {
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"),
    ...extra.map((o) =>
      typeof o === "string"
        ? Buffer.from(o)
        : Buffer.concat([
            Buffer.from(`<< ${o.dictionary} /Length ${o.data.length} >>\nstream\n`),
            o.data,
            Buffer.from("\nendstream"),
          ]),
    ),
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let position = parts[0]!.length;
  const add = (b: Buffer) => {
    parts.push(b);
    position += b.length;
  };
  objects.forEach((body, i) => {
    offsets.push(position);
    add(Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]));
  });
  const xref = position;
  const entries = offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  add(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}` +
        `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
    ),
  );
  return Buffer.concat(parts);
}

/** A PDF carrying EICAR in a compressed stream, the way malware rides inside documents. */
export const pdfCarryingEicar = (padding = Buffer.alloc(0)) =>
  pdf({ dictionary: "", data: padding }, { dictionary: "/Filter /FlateDecode", data: deflateSync(EICAR) });
