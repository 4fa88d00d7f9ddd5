import { data, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/http/form.server";

/**
 * "Stay logged in": the session middleware has already counted this request as activity,
 * so all that is left is to say when the session now ends.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  if (!context.session) throw data(null, { status: 401 });
  return { idleRemainingMs: context.session.idleExpiresAt.getTime() - Date.now() };
}
