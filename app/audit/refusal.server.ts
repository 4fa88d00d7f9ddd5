import type { RequestContext } from "../load-context";
import { audit, type Actor } from "./audit.server";

/**
 * Requests already recorded as refused. One page is several loaders sharing one load context
 * (a layout and its page both check access), and one refusal is one event.
 */
const recorded = new WeakSet<RequestContext>();

/**
 * Records that a logged-in person or staff member was refused something: who asked, and what
 * they asked for (its kind and the id they gave, never its content). A visitor who is not
 * logged in is not recorded: there is no one to name, and their 404s would only flood the log.
 * The answer itself (404 or 403) is the caller's and stays the same whether or not it exists.
 */
export async function auditRefusal(context: RequestContext, subject: { kind: string; id: string }): Promise<void> {
  const { session } = context;
  if (!session || recorded.has(context)) return;
  recorded.add(context);
  const actor: Actor =
    session.kind === "staff" ? { kind: "staff", id: session.staff.subject } : { kind: "person", id: session.person.id };
  await audit(context.services.database.db, {
    actor,
    action: "access_denied",
    subject: { kind: subject.kind, id: subject.id.slice(0, 200) },
  });
}
