import { data, redirect } from "@remix-run/node";
import { readForm } from "~/http/form.server";
import type { RequestContext } from "~/load-context";
import { queuesOf } from "../access";
import { requireArea, staffActor } from "../guard.server";
import {
  answerPerson,
  inbox,
  MESSAGE_MAX,
  openThread,
  submissionInQueues,
  type InboxEntry,
  type ThreadMessage,
} from "./messages.server";

export interface InboxData {
  entries: InboxEntry[];
}

export async function inboxLoader(request: Request, context: RequestContext): Promise<InboxData> {
  const session = await requireArea(request, context, "messages");
  return { entries: await inbox(context.services.database.db, queuesOf(session.staff.roles)) };
}

export interface ThreadData {
  reference: string;
  serviceId: string;
  status: string;
  canAnswer: boolean;
  messages: ThreadMessage[];
  sent: boolean;
  error: "empty" | "too_long" | "no_recipient" | null;
  draft: string;
  max: number;
}

async function threadPage(
  request: Request,
  context: RequestContext,
  reference: string | undefined,
  extra: Pick<ThreadData, "error" | "draft"> = { error: null, draft: "" },
): Promise<ThreadData> {
  const session = await requireArea(request, context, "messages");
  const { db } = context.services.database;
  const row = await submissionInQueues(db, reference, queuesOf(session.staff.roles));
  if (!row) throw data(null, { status: 404 });
  return {
    reference: row.reference,
    serviceId: row.serviceId,
    status: row.status,
    canAnswer: row.personId !== null,
    messages: await openThread(db, context.services.config.secrets.keyring, staffActor(session), row.id),
    sent: new URL(request.url).searchParams.get("skickat") === "1",
    max: MESSAGE_MAX,
    ...extra,
  };
}

export const threadLoader = (request: Request, context: RequestContext, reference?: string) =>
  threadPage(request, context, reference);

export async function threadAction(request: Request, context: RequestContext, reference?: string) {
  const session = await requireArea(request, context, "messages");
  const form = await readForm(request, context);
  const { db } = context.services.database;
  const row = await submissionInQueues(db, reference, queuesOf(session.staff.roles));
  if (!row) throw data(null, { status: 404 });
  const text = form.get("message") ?? "";
  const outcome = await answerPerson(
    { db, boss: context.services.boss, keyring: context.services.config.secrets.keyring },
    staffActor(session),
    row.id,
    text,
  );
  if (!outcome.ok)
    return data(
      await threadPage(request, context, reference, { error: outcome.reason, draft: text.slice(0, MESSAGE_MAX) }),
      {
        status: outcome.reason === "no_recipient" ? 409 : 400,
      },
    );
  return redirect(`/personal/meddelanden/${row.reference}?skickat=1#svar`, 303);
}
