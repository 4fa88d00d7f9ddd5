import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { sessionCookie } from "~/auth/cookies.server";
import { endSession } from "~/auth/sessions.server";
import { readForm } from "~/http/form.server";
import { safeReturnPath } from "~/http/safe-redirect";

/**
 * Ends the session here, then at the identity provider when it supports RP-initiated logout.
 * When the idle timer in the browser ran out, the person is sent to log in again instead, and
 * comes back to where they were.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const headers = { "Set-Cookie": sessionCookie(context.services.config.secure).clear() };
  const { session } = context;
  const expired = form.get("reason") === "expired";
  if (session) await endSession(context.services.database.db, session, context.client, expired ? "idle" : "logout");

  if (expired) {
    const loginPage = session?.kind === "staff" ? "/personal/logga-in" : "/logga-in";
    const returnTo = safeReturnPath(form.get("returnTo"));
    return redirect(`${loginPage}?${new URLSearchParams({ reason: "expired", returnTo })}`, { headers });
  }
  const endSessionUrl = session ? await context.services.login[session.kind].endSessionUrl() : null;
  return redirect(endSessionUrl?.href ?? "/utloggad", { headers });
}

export const loader = () => redirect("/");
