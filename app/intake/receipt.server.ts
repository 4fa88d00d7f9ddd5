import { data } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { submission } from "#db/schema";
import type { Actor } from "../audit/audit.server";
import { auditRefusal } from "../audit/refusal.server";
import type { RequestContext } from "../load-context";
import { currentOwner } from "./owner.server";
import { anonymousReceiptAllowed } from "./receipt-access.server";
import { isValidReference } from "./reference";
import { answerSections, type ReviewSection } from "./review.server";
import { requireService } from "./step-route.server";
import { readSubmission, type SubmissionRow } from "./submissions.server";
import type { AnswersSoFar } from "./fields";
import type { Unit } from "../municipality/municipality";
import type { EServiceDefinition } from "./definition";

export interface ReceiptPageData {
  serviceId: string;
  slug: string;
  reference: string;
  status: SubmissionRow["status"];
  /** Arrival, the registration time in law; null while a co-party has yet to confirm. */
  submittedAt: string | null;
  createdAt: string;
  sections: ReviewSection[];
  pdfUrl: string;
  anonymous: boolean;
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
  let reader: Actor | null = null;
  if (session && row.personId === session.person.id) reader = { kind: "person", id: session.person.id };
  const key = new URL(request.url).searchParams.get("nyckel");
  const owner = reader ? null : currentOwner(request, context, definition);
  if (row.personId === null && anonymousReceiptAllowed(secrets.session, reference, owner, key))
    reader = { kind: "anonymous" };
  if (!reader) {
    await auditRefusal(context, { kind: "receipt", id: reference });
    throw data(null, { status: 404 });
  }
  const view = await readSubmission(db, secrets.keyring, row, reader, "receipt");
  return { definition, row, answers: view.answers, reader, key };
}

function receiptPage(
  definition: EServiceDefinition,
  row: SubmissionRow,
  answers: AnswersSoFar,
  key: string | null,
  units: readonly Unit[],
): ReceiptPageData {
  const base = `/${definition.slug}/kvittens/${row.reference}`;
  return {
    serviceId: definition.id,
    slug: definition.slug,
    reference: row.reference,
    status: row.status,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    sections: answerSections(definition, answers, { units }),
    pdfUrl: `${base}/pdf${key ? `?${new URLSearchParams({ nyckel: key })}` : ""}`,
    anonymous: row.personId === null,
  };
}

export async function receiptLoader(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
) {
  const { definition, row, answers, key } = await receiptSubmission(request, context, params);
  return receiptPage(definition, row, answers, key, context.services.config.municipality.units);
}
