import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, expect, it } from "vitest";
import { LocalFileStore } from "~/attachments/file-store.server";
import { bodyLimit, receiveUpload, type UploadLimits } from "~/attachments/receive-upload.server";
import { createClamdScanner } from "~/attachments/virus-scan.server";
import type { Keyring } from "~/crypto/envelope";
import { describeWithClamd } from "../support/clamd";
import { EICAR, PNG, pdf, pdfCarryingEicar } from "../support/sample-files";

const keyring: Keyring = { activeKeyId: "k", keys: new Map([["k", randomBytes(32)]]) };
const CSRF = "token-123";
const limits: UploadLimits = { maxFileBytes: 1024 * 1024, maxFiles: 3, maxTotalBytes: 2 * 1024 * 1024 };

/** A multipart request as a browser sends it: fields and files in the order given. */
function multipart(
  parts: ({ name: string; value: string } | { name: string; filename: string; type: string; data: Buffer })[],
  cut?: number,
) {
  const boundary = `----ingang${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      "filename" in part
        ? `form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}`
        : `form-data; name="${part.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push("filename" in part ? part.data : Buffer.from(part.value));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  let body = Buffer.concat(chunks);
  if (cut !== undefined) body = body.subarray(0, cut);
  return new Request("http://portal.test/upload", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
}

describeWithClamd("receiving a multipart upload", (clamd) => {
  let dir: string;
  let store: LocalFileStore;
  const deps = () => ({ keyring, store, scanner: createClamdScanner(clamd().address) });
  const stored = () => readdirSync(dir).filter((f) => !f.startsWith("."));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ingang-upload-"));
    store = new LocalFileStore(dir);
  });

  it("stores clean files and returns the fields, with names made safe", async () => {
    const result = await receiveUpload(
      multipart([
        { name: "csrf", value: CSRF },
        { name: "intent", value: "upload" },
        { name: "file-hyra", filename: "../../hyres\u202Etxt.exe.pdf", type: "application/pdf", data: pdf() },
        { name: "file-hyra", filename: "foto.pdf", type: "application/pdf", data: PNG },
      ]),
      CSRF,
      limits,
      deps(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.fields.get("intent")).toBe("upload");
    expect(result.files.map((f) => [f.filename, f.stored.contentType])).toEqual([
      ["hyrestxt.exe.pdf", "application/pdf"],
      ["foto.png", "image/png"],
    ]);
    expect(stored()).toHaveLength(2);
  });

  it("refuses an infected file and keeps nothing of it", async () => {
    const result = await receiveUpload(
      multipart([
        { name: "csrf", value: CSRF },
        { name: "file-a", filename: "eicar.pdf", type: "application/pdf", data: pdfCarryingEicar() },
        { name: "file-a", filename: "eicar.txt", type: "text/plain", data: EICAR },
      ]),
      CSRF,
      limits,
      deps(),
    );
    expect(result.ok && result.refused.map((r) => r.reason)).toEqual(["infected", "type_not_allowed"]);
    expect(stored()).toHaveLength(0);
  });

  it("refuses files over the per-file, per-request and count limits", async () => {
    const big = pdf({ dictionary: "/Length 2000000", data: randomBytes(1_100_000) });
    const result = await receiveUpload(
      multipart([
        { name: "csrf", value: CSRF },
        { name: "file-a", filename: "big.pdf", type: "application/pdf", data: big },
        { name: "file-a", filename: "1.pdf", type: "application/pdf", data: pdf() },
        { name: "file-a", filename: "2.pdf", type: "application/pdf", data: pdf() },
        { name: "file-a", filename: "3.pdf", type: "application/pdf", data: pdf() },
        { name: "file-a", filename: "4.pdf", type: "application/pdf", data: pdf() },
      ]),
      CSRF,
      limits,
      deps(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.refused.map((r) => r.reason)).toEqual(["too_large", "too_many_files", "too_many_files"]);
    expect(result.files).toHaveLength(2);
    expect(stored()).toHaveLength(2);
  });

  it("refuses a file sent before the CSRF token, or with a wrong one, without storing it", async () => {
    const early = await receiveUpload(
      multipart([
        { name: "file-a", filename: "a.pdf", type: "application/pdf", data: pdf() },
        { name: "csrf", value: CSRF },
      ]),
      CSRF,
      limits,
      deps(),
    );
    expect(early).toMatchObject({ ok: false, reason: "csrf" });
    const wrong = await receiveUpload(
      multipart([
        { name: "csrf", value: "forged" },
        { name: "file-a", filename: "a.pdf", type: "application/pdf", data: pdf() },
      ]),
      CSRF,
      limits,
      deps(),
    );
    expect(wrong).toMatchObject({ ok: false, reason: "csrf" });
    expect(stored()).toHaveLength(0);
  });

  it("answers a truncated or malformed body as malformed, keeping nothing half-written", async () => {
    const full = multipart([
      { name: "csrf", value: CSRF },
      {
        name: "file-a",
        filename: "a.pdf",
        type: "application/pdf",
        data: pdf({ dictionary: "/Length 300000", data: randomBytes(300_000) }),
      },
    ]);
    const bytes = Buffer.from(await full.arrayBuffer());
    const cut = new Request(full.url, { method: "POST", headers: full.headers, body: bytes.subarray(0, 150_000) });
    const result = await receiveUpload(cut, CSRF, limits, deps());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe("malformed");
    expect(stored()).toHaveLength(0);

    const garbage = new Request("http://portal.test/upload", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: "this is not multipart at all",
    });
    expect((await receiveUpload(garbage, CSRF, limits, deps())).ok).toBe(false);
    const noBoundary = new Request("http://portal.test/upload", {
      method: "POST",
      headers: { "content-type": "multipart/form-data" },
      body: "x",
    });
    expect(await receiveUpload(noBoundary, CSRF, limits, deps())).toMatchObject({ ok: false, reason: "malformed" });
  });

  /**
   * A body of `chunks` × 64 KiB: a multipart start with the token and a file, then file bytes.
   * Counts what the receiver pulled, to show it stopped rather than read to the end.
   */
  function streamedUpload(chunks: number, declared?: number) {
    const boundary = "----ingangflood";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${CSRF}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file-a"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
    );
    const pulled = { bytes: 0 };
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === chunks) return controller.close();
        const chunk = sent === 0 ? head : randomBytes(64 * 1024);
        sent++;
        pulled.bytes += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const headers: Record<string, string> = { "content-type": `multipart/form-data; boundary=${boundary}` };
    if (declared !== undefined) headers["content-length"] = String(declared);
    const request = new Request("http://portal.test/upload", {
      method: "POST",
      headers,
      body,
      duplex: "half",
    } as RequestInit);
    return { request, pulled };
  }

  it("refuses a body declared over the limit before reading it, and stops a longer one at the limit", async () => {
    const limit = bodyLimit(limits);
    const declared = streamedUpload(200, 200 * 1024 * 1024);
    expect(await receiveUpload(declared.request, CSRF, limits, deps())).toMatchObject({
      ok: false,
      reason: "too_large",
      files: [],
    });
    expect(declared.pulled.bytes).toBeLessThan(256 * 1024);

    // Chunked (no length), or a length that lies: read only until the limit is passed.
    for (const upload of [streamedUpload(200), streamedUpload(200, 1000)]) {
      const result = await receiveUpload(upload.request, CSRF, limits, deps());
      expect(result).toMatchObject({ ok: false, reason: "too_large" });
      expect(upload.pulled.bytes).toBeGreaterThan(limit);
      expect(upload.pulled.bytes).toBeLessThan(limit + 1024 * 1024);
    }
    expect(stored()).toHaveLength(0);
  });
});
