import type { Services } from "./services.server";

/** What every loader and action receives as `context`. */
export type RequestContext = {
  services: Services;
  /** The nonce this response's Content-Security-Policy allows scripts with. */
  cspNonce: string;
  requestId: string;
};

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends RequestContext {}
}
