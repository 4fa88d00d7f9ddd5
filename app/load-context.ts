import type { ClientInfo } from "./audit/audit.server";
import type { CurrentSession } from "./auth/sessions.server";
import type { Services } from "./services.server";

/** What every loader and action receives as `context`. */
export type RequestContext = {
  services: Services;
  /** The nonce this response's Content-Security-Policy allows scripts with. */
  cspNonce: string;
  requestId: string;
  /** The token every form must carry back (see app/auth/csrf.server.ts). */
  csrfToken: string;
  /** The logged-in person or staff member, or null. */
  session: CurrentSession | null;
  /** Address and browser, for the audit of logins only. */
  client: ClientInfo;
};

declare module "@remix-run/server-runtime" {
  // Declaration merging: Remix's AppLoadContext becomes our RequestContext; it adds no members by design.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
