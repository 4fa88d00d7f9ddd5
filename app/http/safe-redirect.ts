/**
 * A same-origin relative path to send someone back to, or the fallback.
 * Refuses absolute and protocol-relative URLs, backslash tricks and control characters,
 * so a crafted link can never send a person off-site.
 */
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters are exactly what this refuses (a header split, a hidden scheme).
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, "http://portal.invalid");
    if (url.origin !== "http://portal.invalid") return fallback;
    // Dot segments collapse during parsing: "/.//evil.example" becomes "//evil.example",
    // which a browser reads as another host. Check the path the browser will actually get.
    if (url.pathname.startsWith("//")) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
