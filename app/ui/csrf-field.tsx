import { useRouteLoaderData } from "@remix-run/react";

/** The hidden token every form posts back; see app/auth/csrf.server.ts. */
export function CsrfField() {
  const root = useRouteLoaderData<{ csrfToken: string }>("root");
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ""} />;
}
