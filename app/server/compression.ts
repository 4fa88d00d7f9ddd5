import compression from "compression";
import type { RequestHandler } from "express";

/**
 * Brotli or gzip for text responses (pages, scripts, styles, translations, SVG): a phone on a
 * small data plan downloads about a third as much.
 *
 * A page is compressed only for a request the browser says its own site or the person started
 * (Sec-Fetch-Site same-origin or none). A page holds things an attacker must not learn (the
 * CSRF token, personal data) beside things a request can put in it (a form's answers); if another
 * site could make a person's browser load such pages again and again, the compressed sizes would
 * give those secrets away letter by letter (BREACH). Scripts, styles and translations are the
 * same for everyone and are always compressed.
 */
export function compressResponses(): RequestHandler {
  return compression({
    threshold: 1024,
    filter(req, res) {
      const type = String(res.getHeader("Content-Type") ?? "");
      if (type.startsWith("text/html")) {
        const site = req.headers["sec-fetch-site"];
        if (site !== "same-origin" && site !== "none") return false;
      }
      return compression.filter(req, res);
    },
  });
}
