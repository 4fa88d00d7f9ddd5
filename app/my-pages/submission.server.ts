import { data, redirect } from "@remix-run/node";
import { and, asc, eq } from "drizzle-orm";
import { attachment, message, submission, submissionEvent } from "#db/schema";
import { attachmentRow } from "../attachments/attachment-row.server";
import { attachmentResponse } from "../attachments/open-attachment.server";
import { discardFiles, receiveUpload, tooLargeResponse } from "../attachments/receive-upload.server";
import { audit } from "../audit/audit.server";
import { auditRefusal } from "../audit/refusal.server";
import { requireResident } from "../auth/guards.server";
import { pnrLookup } from "../auth/people.server";
import { openText, seal } from "../crypto/envelope";
import { serviceById } from "../e-services/registry.server";
import { readForm } from "../http/form.server";
import { coPartyAnswers } from "../intake/co-party-view";
import { answerSections } from "../intake/review.server";
import { isValidReference } from "../intake/reference";
import { submissionForResident } from "../intake/resident-access.server";
import { eventsFor, readSubmission, routingOf, unsentRetainUntil } from "../intake/submissions.server";
import type { RequestContext } from "../load-context";
import { enqueueIntakeItem } from "../queue/intake-queue.server";

/**
 * One submission on Mina sidor: its status history, documents, the receipt, and secure messages
 * both ways. Only the person who sent it (or a co-party to it) gets past the 404.
 */

const MESSAGE_MAX = 5000;

async function mine(request: Request, context: RequestContext, reference: string | undefined) {
  const session = requireResident(request, context);
  if (!reference || !isValidReference(reference)) throw data(null, { status: 404 });
  const found = await submissionForResident(context.services.database.db, reference, {
    personId: session.person.id,
    pnrLookup: pnrLookup(context.services.config.secrets, session.person.pnr),
  });
  const definition = found ? serviceById(found.row.serviceId) : null;
  if (!found || !definition) {
    await auditRefusal(context, { kind: "submission", id: reference });
    throw data(null, { status: 404 });
  }
  return { session, ...found, definition };
}

const WITHDRAWABLE = new Set(["awaiting_confirmation", "received", "supplement_requested"]);

export async function submissionPageLoader(request: Request, context: RequestContext, reference: string | undefined) {
  const { session, row, as, definition } = await mine(request, context, reference);
  const { db } = context.services.database;
  const { keyring } = context.services.config.secrets;
  const view = await readSubmission(db, keyring, row, { kind: "person", id: session.person.id }, "my_pages");
  const events = await eventsFor(db, row.id, true);
  const messages =
    as === "sender"
      ? await db.select().from(message).where(eq(message.submissionId, row.id)).orderBy(asc(message.createdAt))
      : [];
  // The sender's files are theirs: a co-party reads the household's facts they answered for.
  const files = as === "sender" ? await db.select().from(attachment).where(eq(attachment.submissionId, row.id)) : [];
  // The sender reading the page is reading the messages: mark what the social services sent as
  // read. A co-party's look leaves them unread for the sender.
  if (as === "sender")
    await db
      .update(message)
      .set({ readAt: new Date() })
      .where(and(eq(message.submissionId, row.id), eq(message.direction, "to_person")));

  return {
    serviceId: definition.id,
    slug: definition.slug,
    reference: row.reference,
    as,
    status: row.status,
    caseNumber: row.caseNumber,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    events: events.map((e) => ({
      kind: e.kind,
      at: e.at.toISOString(),
      text: typeof e.details?.text === "string" ? e.details.text : null,
    })),
    sections: answerSections(definition, as === "sender" ? view.answers : coPartyAnswers(definition, view.answers), {
      units: context.services.config.municipality.units,
    }),
    files: files.map((f) => ({
      id: f.id,
      filename: openText(keyring, f.filenameSealed, `attachment.filename:${f.id}`),
      size: f.sizeBytes,
      fromMessage: f.messageId,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      kind: m.kind,
      at: m.createdAt.toISOString(),
      body: openText(keyring, m.bodySealed, `message.body:${m.id}`),
    })),
    canWrite: as === "sender" && !["withdrawn", "declined", "closed"].includes(row.status),
    canWithdraw: as === "sender" && !!definition.withdrawable && WITHDRAWABLE.has(row.status),
    receiptUrl: `/${definition.slug}/kvittens/${row.reference}`,
    errors: [] as string[],
  };
}

export type SubmissionPageData = Awaited<ReturnType<typeof submissionPageLoader>>;

/** Writes a message (with files, for a supplement) or withdraws the submission. */
export async function submissionPageAction(request: Request, context: RequestContext, reference: string | undefined) {
  const { session, row, as, definition } = await mine(request, context, reference);
  if (as !== "sender") throw data(null, { status: 403 });
  const { services } = context;
  const { db } = services.database;
  const { keyring } = services.config.secrets;
  const isMultipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");

  if (!isMultipart) {
    const form = await readForm(request, context);
    if (form.get("intent") !== "withdraw" || !definition.withdrawable) throw data(null, { status: 400 });
    if (!WITHDRAWABLE.has(row.status)) throw data(null, { status: 409 });
    await db.transaction(async (tx) => {
      const [locked] = await tx.select().from(submission).where(eq(submission.id, row.id)).for("update");
      if (!locked || !WITHDRAWABLE.has(locked.status)) return;
      // Awaiting confirmation, it never reached the queue: nothing will register it, so its
      // retention starts now. Otherwise the robot must hear of it, and registration sets retention.
      const unsent = locked.status === "awaiting_confirmation";
      await tx
        .update(submission)
        .set({
          status: "withdrawn",
          ...(unsent ? { retainUntil: await unsentRetainUntil(tx, row.serviceId, new Date()) } : {}),
        })
        .where(eq(submission.id, row.id));
      await tx.insert(submissionEvent).values({ submissionId: row.id, kind: "withdrawn", visibleToPerson: true });
      if (!unsent) {
        await enqueueIntakeItem(tx, services.boss, routingOf(locked), {
          kind: "withdrawal",
          submissionId: row.id,
          reference: row.reference,
          serviceId: row.serviceId,
        });
      }
      await audit(tx, {
        actor: { kind: "person", id: session.person.id },
        action: "submission_withdrawn",
        subject: { kind: "submission", id: row.id },
      });
    });
    return redirect(`/mina-sidor/arenden/${row.reference}`, 303);
  }

  const { attachments } = services.config;
  const used = await db
    .select({ size: attachment.sizeBytes })
    .from(attachment)
    .where(eq(attachment.submissionId, row.id));
  const upload = await receiveUpload(
    request,
    context.csrfToken,
    {
      maxFileBytes: attachments.maxFileBytes,
      maxFiles: Math.max(0, attachments.maxFiles * 3 - used.length),
      maxTotalBytes: Math.max(0, attachments.maxTotalBytes * 3 - used.reduce((s, r) => s + r.size, 0)),
    },
    { keyring, store: services.files, scanner: services.scanner },
  );
  if (!upload.ok) {
    await discardFiles(services.files, upload.files);
    if (upload.reason === "too_large") throw tooLargeResponse();
    throw data(null, { status: upload.reason === "csrf" ? 403 : 400 });
  }
  const body = (upload.fields.get("message") ?? "").trim().replace(/\r\n/g, "\n");
  const problems: string[] = [];
  if (!body && upload.files.length === 0) problems.push("empty");
  if (body.length > MESSAGE_MAX) problems.push("too_long");
  if (problems.length || upload.refused.length) {
    await discardFiles(services.files, upload.files);
    const page = await submissionPageLoader(request, context, reference);
    return data(
      {
        ...page,
        errors: [...problems, ...upload.refused.map((r) => `refused:${r.reason}:${r.filename}`)],
        draftMessage: body.slice(0, MESSAGE_MAX),
      },
      { status: 400 },
    );
  }

  await db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    await tx.insert(message).values({
      id,
      submissionId: row.id,
      direction: "from_person",
      authorKind: "person",
      authorId: session.person.id,
      bodySealed: seal(keyring, body || "–", `message.body:${id}`),
    });
    for (const file of upload.files) {
      await tx.insert(attachment).values(
        attachmentRow(keyring, file, {
          personId: session.person.id,
          submissionId: row.id,
          messageId: id,
          ruleId: "komplettering",
        }),
      );
    }
    await tx.insert(submissionEvent).values({ submissionId: row.id, kind: "message_sent", visibleToPerson: true });
    await enqueueIntakeItem(tx, services.boss, routingOf(row), {
      kind: "supplement",
      submissionId: row.id,
      reference: row.reference,
      serviceId: definition.id,
      messageId: id,
    });
    await audit(tx, {
      actor: { kind: "person", id: session.person.id },
      action: "message_sent",
      subject: { kind: "submission", id: row.id },
      details: { files: upload.files.length },
    });
  });
  return redirect(`/mina-sidor/arenden/${row.reference}#meddelanden`, 303);
}

/** Streams one of the submission's files back to the person, decrypted, and records the read. */
export async function downloadOwnFile(
  request: Request,
  context: RequestContext,
  reference: string | undefined,
  fileId: string | undefined,
) {
  const { session, row, as } = await mine(request, context, reference);
  // Not even by guessing an id: the sender's files are not a co-party's to read.
  if (as !== "sender" || !fileId || !/^[0-9a-f-]{36}$/.test(fileId)) {
    await auditRefusal(context, { kind: "attachment", id: fileId ?? "" });
    throw data(null, { status: 404 });
  }
  const { db } = context.services.database;
  const [file] = await db
    .select()
    .from(attachment)
    .where(and(eq(attachment.id, fileId), eq(attachment.submissionId, row.id)));
  if (!file) {
    await auditRefusal(context, { kind: "attachment", id: fileId });
    throw data(null, { status: 404 });
  }
  await audit(db, {
    actor: { kind: "person", id: session.person.id },
    action: "attachment_read",
    subject: { kind: "attachment", id: file.id },
  });
  return attachmentResponse(context.services.files, context.services.config.secrets.keyring, file);
}
