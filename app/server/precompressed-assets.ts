import { readdirSync } from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";

/**
 * Serves the `.br` files app/server/precompress-assets.ts made at build time for a browser that
 * takes brotli; anything else falls through to the ordinary static files (compressed on the fly).
 * Hashed assets are the same for everyone and never change under their name.
 */
export function precompressedAssets(dir: string): RequestHandler {
  let compressed: Set<string>;
  try {
    compressed = new Set(readdirSync(dir).filter((name) => name.endsWith(".br")));
  } catch {
    compressed = new Set();
  }
  return (req, res, next) => {
    const name = req.path.slice(1);
    if ((req.method !== "GET" && req.method !== "HEAD") || !compressed.has(`${name}.br`)) return next();
    res.vary("Accept-Encoding");
    if (!req.acceptsEncodings("br")) return next();
    res.type(path.extname(name));
    res.set({ "Content-Encoding": "br", "Cache-Control": "public, max-age=31536000, immutable" });
    res.sendFile(path.join(dir, `${name}.br`), { headers: { "Content-Type": res.get("Content-Type") } }, (error) => {
      if (error) next(error);
    });
  };
}
