import { data } from "@remix-run/node";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { attachment, submission, submissionParty } from "#db/schema";
import { openText, type Keyring } from "../crypto/envelope";
import { auditRefusal } from "../audit/refusal.server";
import type { RequestContext } from "../load-context";
import { currentOwner } from "./owner.server";
import { receiptReader } from "./resident-access.server";
import { isValidReference } from "./reference";
import { answerSections, type ReviewSection } from "./review.server";
import { requireService } from "./step-route.server";
import { readSubmission, type SubmissionRow } from "./submissions.server";
import type { AnswersSoFar } from "./fields";
import type { Municipality } from "../municipality/municipality";
import type { EServiceDefinition } from "./definition";

export interface ReceiptPageData {
  serviceId: string;
  slug: string;
  reference: string;
  status: SubmissionRow["status"];
  /** Arrival, the registration time in law; null only for one withdrawn before it arrived. */
  submittedAt: string | null;
  createdAt: string;
  sections: ReviewSection[];
  /** The files sent with it, as the sender named them: the receipt says what arrived. */
  files: ReceiptFile[];
  /** People asked to confirm it (a co-applicant); their answer follows the submission. */
  coParties: number;
  pdfUrl: string;
  /** Where the sender finds it again: Mina sidor, or nowhere (anonymous, or named but not logged in). */
  sender: ReceiptSender;
  /** The key under the service's receipt texts that says what happens next. */
  nextKey: string;
  /** Sent as acute: the receipt repeats that, and whom to call meanwhile. */
  acute: boolean;
  socialjourPhone: string;
}

export type ReceiptSender = "mina-sidor" | "anonymous" | "not-logged-in";

/** What the receipt, on the page and in the PDF, says about this submission beyond its answers. */
export function receiptFacts(definition: EServiceDefinition, row: SubmissionRow, answers: AnswersSoFar) {
  // Only a report the sender chose to make anonymously may say so: a named one sent without
  // logging in has no person either, but its sender gave who they are and can be contacted.
  const sender: ReceiptSender = row.personId
    ? "mina-sidor"
    : definition.anonymous?.(answers)
      ? "anonymous"
      : "not-logged-in";
  return { sender, nextKey: definition.receiptNext?.(answers) ?? "next", acute: row.flags.includes("acute") };
}

export interface ReceiptFile {
  filename: string;
  size: number;
}

/** The files sent with a submission itself (not later with messages), oldest first. */
export async function receiptFiles(db: Executor, keyring: Keyring, submissionId: string): Promise<ReceiptFile[]> {
  const rows = await db
    .select()
    .from(attachment)
    .where(and(eq(attachment.submissionId, submissionId), isNull(attachment.messageId)))
    .orderBy(asc(attachment.createdAt), asc(attachment.id));
  return rows.map((f) => ({
    filename: openText(keyring, f.filenameSealed, `attachment.filename:${f.id}`),
    size: f.sizeBytes,
  }));
}

/**
 * The receipt's submission, for whoever may see it: the person who sent it, or the anonymous
 * browser holding the key. Anything else is a 404, whether or not the reference exists.
 */
export async function receiptSubmission(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
) {
  const definition = requireService(params);
  const reference = params.reference ?? "";
  if (!isValidReference(reference)) throw data(null, { status: 404 });
  const { db } = context.services.database;
  const { secrets } = context.services.config;
  const [row] = await db.select().from(submission).where(eq(submission.reference, reference));
  if (!row || row.serviceId !== definition.id) {
    await auditRefusal(context, { kind: "receipt", id: reference });
    throw data(null, { status: 404 });
  }

  const session = context.session?.kind === "resident" ? context.session : null;
  const key = new URL(request.url).searchParams.get("nyckel");
  const reader = receiptReader(row, session && { personId: session.person.id }, {
    secret: secrets.session,
    owner: () => currentOwner(request, context, definition),
    key,
  });
  if (!reader) {
    await auditRefusal(context, { kind: "receipt", id: reference });
    throw data(null, { status: 404 });
  }
  const view = await readSubmission(db, secrets.keyring, row, reader, "receipt");
  const files = await receiptFiles(db, secrets.keyring, row.id);
  const parties = await db
    .select({ id: submissionParty.id })
    .from(submissionParty)
    .where(eq(submissionParty.submissionId, row.id));
  return { definition, row, answers: view.answers, reader, key, files, coParties: parties.length };
}

function receiptPage(
  { definition, row, answers, key, files, coParties }: Awaited<ReturnType<typeof receiptSubmission>>,
  municipality: Municipality,
): ReceiptPageData {
  const base = `/${definition.slug}/kvittens/${row.reference}`;
  return {
    serviceId: definition.id,
    slug: definition.slug,
    reference: row.reference,
    status: row.status,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    sections: answerSections(definition, answers, { units: municipality.units }),
    files,
    coParties,
    pdfUrl: `${base}/pdf${key ? `?${new URLSearchParams({ nyckel: key })}` : ""}`,
    ...receiptFacts(definition, row, answers),
    socialjourPhone: municipality.socialjour.phone,
  };
}

export async function receiptLoader(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
) {
  return receiptPage(await receiptSubmission(request, context, params), context.services.config.municipality);
}
