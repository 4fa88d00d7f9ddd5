import { data, redirect } from "@remix-run/node";
import { attachmentResponse } from "~/attachments/open-attachment.server";
import { audit } from "~/audit/audit.server";
import { readForm } from "~/http/form.server";
import type { RequestContext } from "~/load-context";
import { queuesOf } from "../access";
import { requireArea, staffActor } from "../guard.server";
import {
  threadFile,
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
  /**
   * An answer was just sent, and how the person is told of it ("none": they are not; "…Errand":
   * at the contact they gave when they sent it in, having made no notice choice on Mina sidor).
   */
  sent: SentNotice | null;
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
    sent: sentNotice(new URL(request.url).searchParams.get("skickat")),
    max: MESSAGE_MAX,
    ...extra,
  };
}

/** After an answer, how the person is told of it, carried in the redirect (Swedish, as the console's paths). */
const SENT_PARAM = {
  email: "epost",
  sms: "sms",
  emailErrand: "epost-inskickat",
  smsErrand: "sms-inskickat",
  none: "inget",
} as const;
type SentNotice = keyof typeof SENT_PARAM;
const sentNotice = (param: string | null): SentNotice | null =>
  (Object.keys(SENT_PARAM) as SentNotice[]).find((k) => SENT_PARAM[k] === param) ?? null;

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
    {
      db,
      boss: context.services.boss,
      keyring: context.services.config.secrets.keyring,
      smsAvailable: context.services.config.notices.sms,
    },
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
  const sent: SentNotice = !outcome.notice
    ? "none"
    : outcome.notice.source === "errand"
      ? `${outcome.notice.channel}Errand`
      : outcome.notice.channel;
  return redirect(`/personal/meddelanden/${row.reference}?skickat=${SENT_PARAM[sent]}#svar`, 303);
}

/** A file the person sent with a message: streamed decrypted, the read audited. */
export async function threadFileLoader(
  request: Request,
  context: RequestContext,
  reference: string | undefined,
  fileId: string | undefined,
) {
  const session = await requireArea(request, context, "messages");
  const { db } = context.services.database;
  const row = await submissionInQueues(db, reference, queuesOf(session.staff.roles));
  const file = row ? await threadFile(db, row.id, fileId) : null;
  if (!row || !file) throw data(null, { status: 404 });
  await audit(db, {
    actor: staffActor(session),
    action: "attachment_read",
    subject: { kind: "attachment", id: file.id },
    details: { purpose: "staff_messages", submission: row.id },
  });
  return attachmentResponse(context.services.files, context.services.config.secrets.keyring, file);
}
