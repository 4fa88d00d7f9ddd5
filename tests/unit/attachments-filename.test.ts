import { describe, expect, it } from "vitest";
import { sanitizeFileName } from "~/attachments/filename";

const PDF = "application/pdf";

describe("client file names", () => {
  it.each([
    ["Intyg från läkaren.pdf", PDF, "Intyg från läkaren.pdf"],
    ["lönespec mars.PDF", PDF, "lönespec mars.pdf"],
    ["IMG_0042.HEIC", "image/heic", "IMG_0042.heic"],
    ["foto.jpeg", "image/jpeg", "foto.jpg"],
    ["kvitto", PDF, "kvitto.pdf"],
    ["hyresavtal 2025.03.01", PDF, "hyresavtal 2025.03.01.pdf"],
    ["مستند الإيجار.pdf", PDF, "مستند الإيجار.pdf"],
    ["می‌خواهم.pdf", PDF, "می‌خواهم.pdf"],
  ] as const)("keeps %s as %s", (name, type, expected) => {
    expect(sanitizeFileName(name, type)).toBe(expected);
  });

  it("takes the extension from the content, not the name", () => {
    expect(sanitizeFileName("bild.pdf", "image/png")).toBe("bild.png");
    expect(sanitizeFileName("faktura.exe", PDF)).toBe("faktura.pdf");
    expect(sanitizeFileName("faktura.pdf.exe", PDF)).toBe("faktura.pdf.pdf");
  });

  it("keeps only the base name of a path", () => {
    expect(sanitizeFileName("../../etc/passwd", PDF)).toBe("passwd.pdf");
    expect(sanitizeFileName("C:\\x\\y.pdf", PDF)).toBe("y.pdf");
    expect(sanitizeFileName("/home/anna/Skrivbord/intyg.pdf", PDF)).toBe("intyg.pdf");
    expect(sanitizeFileName("..", PDF)).toBe("dokument.pdf");
    expect(sanitizeFileName("mapp/", PDF)).toBe("dokument.pdf");
  });

  it("removes the bidi override behind the exe.pdf trick and other invisible characters", () => {
    expect(sanitizeFileName("invoice\u202Efdp.exe", PDF)).toBe("invoicefdp.pdf");
    expect(sanitizeFileName("a\u2066b\u2069c\u200Ed\u200Fe\u202Af\u202Cg\u061Ch.pdf", PDF)).toBe("abcdefgh.pdf");
    expect(sanitizeFileName("a\u0000b\u001Bc\u007Fd\u009Be.pdf", PDF)).toBe("abcde.pdf");
    expect(sanitizeFileName("half \uD800 surrogate.pdf", PDF)).toBe("half surrogate.pdf");
  });

  it("collapses white space and trims what operating systems trim", () => {
    expect(sanitizeFileName("  mitt \t\n  intyg\u00A0\u2003 .pdf  ", PDF)).toBe("mitt intyg.pdf");
    expect(sanitizeFileName(".profil.pdf", PDF)).toBe("profil.pdf");
    expect(sanitizeFileName(".bashrc", PDF)).toBe("bashrc.pdf");
    expect(sanitizeFileName("slut... .pdf", PDF)).toBe("slut.pdf");
  });

  it("NFC-normalises, so a name typed on a Mac compares equal", () => {
    expect(sanitizeFileName("la\u0308kare.pdf", PDF)).toBe("l\u00e4kare.pdf");
  });

  it("keeps markup and Windows-reserved characters out", () => {
    const name = sanitizeFileName('<script>alert("x")</script>.pdf', PDF);
    expect(name).not.toMatch(/[<>"/]/);
    expect(name).toBe("script_.pdf");
    expect(sanitizeFileName('<img src=x onerror="alert(1)">.jpg', "image/jpeg")).toBe(
      "_img src=x onerror=_alert(1)__.jpg",
    );
    expect(sanitizeFileName("what?*|:.pdf", PDF)).toBe("what____.pdf");
  });

  it("limits the name to 100 characters, keeping the extension and whole characters", () => {
    const long = sanitizeFileName(`${"a".repeat(5000)}.pdf`, PDF);
    expect(long).toBe(`${"a".repeat(96)}.pdf`);
    const emoji = sanitizeFileName(`${"😀".repeat(200)}.png`, "image/png");
    expect(Array.from(emoji)).toHaveLength(100);
    expect(emoji).toBe(`${"😀".repeat(96)}.png`);
    expect(sanitizeFileName(`${"a".repeat(95)} ${"b".repeat(10)}`, PDF)).toBe(`${"a".repeat(95)}.pdf`);
  });

  it("is never empty", () => {
    expect(sanitizeFileName("", PDF)).toBe("dokument.pdf");
    expect(sanitizeFileName("   ", "image/jpeg")).toBe("bild.jpg");
    expect(sanitizeFileName("\u202E\u0000", PDF)).toBe("dokument.pdf");
    expect(sanitizeFileName(".pdf", PDF)).toBe("dokument.pdf");
  });
});
