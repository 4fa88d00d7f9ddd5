import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import helmet from "helmet";

export interface SecurityHeaderOptions {
  /** Send HSTS and upgrade-insecure-requests: only when the public address is https. */
  https: boolean;
  /** Origins a form may post or redirect to besides our own (the identity providers). */
  formActionOrigins: string[];
  /** Origins images may come from besides our own (the municipality's logo, when it lives elsewhere). */
  imageOrigins: string[];
  /** Vite's dev server injects styles and opens a websocket; never in a built portal. */
  viteDev: boolean;
}

/** A fresh nonce per response; the CSP allows only scripts that carry it, or our own files. */
export const cspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
};

/** The origins of these addresses (absolute, or paths on our own) that are not our own. */
export function foreignOrigins(own: URL, addresses: string[]): string[] {
  return [...new Set(addresses.map((a) => new URL(a, own).origin))].filter((origin) => origin !== own.origin);
}

export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'self'",
          (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`,
        ],
        styleSrc: options.viteDev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", ...options.imageOrigins],
        fontSrc: ["'self'"],
        connectSrc: options.viteDev ? ["'self'", "ws:"] : ["'self'"],
        formAction: ["'self'", ...options.formActionOrigins],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 63_072_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
    crossOriginResourcePolicy: { policy: "same-origin" },
  });
}
