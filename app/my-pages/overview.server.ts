import { data, redirect } from "@remix-run/node";
import { and, eq, isNull } from "drizzle-orm";
import { attachment } from "#db/schema";
import { audit } from "../audit/audit.server";
import { auditRefusal } from "../audit/refusal.server";
import { requireResident } from "../auth/guards.server";
import { pnrLookup } from "../auth/people.server";
import { formatIdentityNumber } from "../auth/personnummer";
import { eServices, serviceById } from "../e-services/registry.server";
import { deleteDraft, draftHeldByOther, listDrafts } from "../intake/drafts.server";
import { listSubmissions } from "../intake/resident-access.server";
import { pendingConfirmations } from "../intake/submissions.server";
import { readForm } from "../http/form.server";
import type { RequestContext } from "../load-context";

/** Mina sidor: what a person has waiting, started and sent, and what they answered as a co-party. */
export async function overviewLoader(request: Request, context: RequestContext) {
  const { person } = requireResident(request, context);
  const { db } = context.services.database;
  const lookup = pnrLookup(context.services.config.secrets, person.pnr);
  const [drafts, submissions, confirmations, notices] = await Promise.all([
    listDrafts(db, person.id),
    listSubmissions(db, { personId: person.id, pnrLookup: lookup }),
    pendingConfirmations(db, lookup),
    Promise.all(eServices.map((m) => m.myPagesNotices?.(db, { id: person.id, pnrLookup: lookup }) ?? [])),
  ]);
  const slugOf = (serviceId: string) => serviceById(serviceId)?.slug ?? serviceId;
  return {
    name: person.name,
    // Shown in full because this page is only ever shown to its owner.
    pnr: formatIdentityNumber(person.pnr),
    protectedIdentity: person.protectedIdentity,
    confirmations: confirmations.map((c) => ({
      reference: c.reference,
      serviceId: c.serviceId,
      expiresAt: c.expiresAt.toISOString(),
    })),
    /** What the e-services have waiting for the person, in registry order. */
    notices: notices.flat(),
    drafts: drafts.map((d) => ({
      id: d.id,
      serviceId: d.serviceId,
      continue: `/${slugOf(d.serviceId)}/utkast/${d.id}`,
      updatedAt: d.updatedAt.toISOString(),
      expiresAt: d.expiresAt.toISOString(),
    })),
    submissions: submissions.map((s) => ({
      reference: s.reference,
      serviceId: s.serviceId,
      status: s.status,
      sentAt: (s.submittedAt ?? s.createdAt).toISOString(),
      caseNumber: s.caseNumber,
      as: s.as,
    })),
  };
}

export type OverviewData = Awaited<ReturnType<typeof overviewLoader>>;

/** Deletes one of the person's drafts and the files uploaded to it. */
export async function deleteDraftAction(request: Request, context: RequestContext, draftId: string | undefined) {
  const { person } = requireResident(request, context);
  await readForm(request, context);
  const { db } = context.services.database;
  if (!draftId || !/^[0-9a-f-]{36}$/.test(draftId)) throw data(null, { status: 404 });
  const files = await db
    .select({ id: attachment.id, storageKey: attachment.storageKey })
    .from(attachment)
    .where(and(eq(attachment.draftId, draftId), isNull(attachment.submissionId)));
  const deleted = await deleteDraft(db, draftId, { personId: person.id });
  if (!deleted) {
    if (await draftHeldByOther(db, draftId, { personId: person.id }))
      await auditRefusal(context, { kind: "draft", id: draftId });
    throw data(null, { status: 404 });
  }
  for (const file of files) {
    await db.delete(attachment).where(eq(attachment.id, file.id));
    await context.services.files.delete(file.storageKey);
  }
  await audit(db, {
    actor: { kind: "person", id: person.id },
    action: "draft_deleted",
    subject: { kind: "draft", id: draftId },
    details: { rule: "by_person" },
  });
  return redirect("/mina-sidor", 303);
}
