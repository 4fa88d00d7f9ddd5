import { data, redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { attachment } from "#db/schema";
import { attachmentRow } from "../attachments/attachment-row.server";
import { discardFiles, receiveUpload, tooLargeResponse, type RefusedFile } from "../attachments/receive-upload.server";
import { audit } from "../audit/audit.server";
import { openText } from "../crypto/envelope";
import { readForm } from "../http/form.server";
import type { RequestContext } from "../load-context";
import type { EServiceDefinition, JourneyContext } from "./definition";
import { copyIntoDraft, earlierSubmissions, sameContent, type EarlierSubmission } from "./document-reuse.server";
import { saveDraftAnswers, type Draft } from "./drafts.server";
import { applicableRules, journeyState, nextAfter, previousBefore, REVIEW, type DocumentResolution } from "./journey";
import { stepUrl } from "./step-url";

/**
 * The documents step: the proofs the answers call for, by rule, the same for everyone. For
 * each, the person uploads files, confirms an earlier copy is unchanged (where the rule
 * allows; it is then copied in: document-reuse.server.ts), or says they will send it later;
 * never silently skipped.
 */

export interface DocumentsPageData {
  kind: "documents";
  serviceId: string;
  slug: string;
  draftId: string;
  stepId: string;
  back: string | null;
  returnToReview: boolean;
  rules: {
    id: string;
    optional: boolean;
    files: { id: string; filename: string; size: number }[];
    reuseOptions: { reference: string; date: string }[];
    choice: string | null;
    missing: boolean;
  }[];
  refused: Pick<RefusedFile, "filename" | "reason">[];
  limits: { maxFileMb: number; maxFiles: number };
}

type Resolutions = Record<string, DocumentResolution | undefined>;

async function draftFiles(context: RequestContext, draftId: string) {
  const { db } = context.services.database;
  const { keyring } = context.services.config.secrets;
  const rows = await db.select().from(attachment).where(eq(attachment.draftId, draftId));
  return rows.map((row) => ({
    id: row.id,
    ruleId: row.ruleId,
    size: row.sizeBytes,
    sha256: row.sha256,
    storageKey: row.storageKey,
    filename: openText(keyring, row.filenameSealed, `attachment.filename:${row.id}`),
  }));
}

/** Only a logged-in resident has earlier submissions of their own to reuse from. */
const residentId = (context: RequestContext) =>
  context.session?.kind === "resident" ? context.session.person.id : null;

export async function documentsPage(
  request: Request,
  context: RequestContext,
  definition: EServiceDefinition,
  draft: Draft,
  stepId: string,
  journey: JourneyContext,
  extra: {
    refused?: RefusedFile[];
    missing?: string[];
    choices?: Record<string, string>;
    returnToReview?: boolean;
  } = {},
): Promise<DocumentsPageData> {
  const files = await draftFiles(context, draft.id);
  const resolutions = (draft.answers[stepId] ?? {}) as Resolutions;
  const state = journeyState(definition, draft.answers, journey);
  const previous = previousBefore(state, stepId);
  const { attachments } = context.services.config;
  const rules = await Promise.all(
    applicableRules(definition, draft.answers).map(async (rule) => {
      const resolved = resolutions[rule.id];
      const choice =
        extra.choices?.[rule.id] ??
        (resolved && "later" in resolved ? "later" : resolved?.reusedFrom ? `reuse:${resolved.reusedFrom}` : null);
      const personId = residentId(context);
      const earlier = personId
        ? await earlierSubmissions(context.services.database.db, personId, definition, rule)
        : [];
      return {
        id: rule.id,
        optional: rule.optional ?? false,
        files: files.filter((f) => f.ruleId === rule.id).map(({ id, filename, size }) => ({ id, filename, size })),
        reuseOptions: earlier.map((e) => ({ reference: e.reference, date: e.submittedAt.toISOString() })),
        choice,
        missing: extra.missing?.includes(rule.id) ?? false,
      };
    }),
  );
  return {
    kind: "documents",
    serviceId: definition.id,
    slug: definition.slug,
    draftId: draft.id,
    stepId,
    back: previous ? stepUrl(definition, draft.id, previous) : null,
    returnToReview: extra.returnToReview ?? new URL(request.url).searchParams.get("andra") === "1",
    rules,
    refused: (extra.refused ?? []).map(({ filename, reason }) => ({ filename, reason })),
    limits: { maxFileMb: Math.round(attachments.maxFileBytes / 1024 / 1024), maxFiles: attachments.maxFiles },
  };
}

/** Files in, choices made, then on to the next step when every rule that must be answered is. */
export async function documentsAction(
  request: Request,
  context: RequestContext,
  definition: EServiceDefinition,
  draft: Draft,
  stepId: string,
  journey: JourneyContext,
) {
  const { services } = context;
  const { db } = services.database;
  const { keyring } = services.config.secrets;
  const rules = applicableRules(definition, draft.answers);
  const existing = await draftFiles(context, draft.id);
  const limits = services.config.attachments;
  const isMultipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");

  let fields: URLSearchParams;
  let refused: RefusedFile[] = [];
  if (isMultipart) {
    const usedBytes = (
      await db.select({ size: attachment.sizeBytes }).from(attachment).where(eq(attachment.draftId, draft.id))
    ).reduce((sum, r) => sum + r.size, 0);
    const upload = await receiveUpload(
      request,
      context.csrfToken,
      {
        maxFileBytes: limits.maxFileBytes,
        maxFiles: Math.max(0, limits.maxFiles - existing.length),
        maxTotalBytes: Math.max(0, limits.maxTotalBytes - usedBytes),
      },
      { keyring, store: services.files, scanner: services.scanner },
    );
    if (!upload.ok) {
      await discardFiles(services.files, upload.files);
      if (upload.reason === "too_large") throw tooLargeResponse();
      throw data(null, { status: upload.reason === "csrf" ? 403 : 400 });
    }
    fields = upload.fields;
    refused = upload.refused;
    const ruleOf = (field: string) => rules.find((r) => field === `file-${r.id}`)?.id;
    const owned = upload.files.filter((f) => ruleOf(f.field));
    await discardFiles(
      services.files,
      upload.files.filter((f) => !ruleOf(f.field)),
    );
    if (owned.length) {
      await db.transaction(async (tx) => {
        for (const file of owned) {
          await tx.insert(attachment).values(
            attachmentRow(keyring, file, {
              personId: context.session?.kind === "resident" ? context.session.person.id : null,
              draftId: draft.id,
              ruleId: ruleOf(file.field)!,
            }),
          );
        }
      });
    }
  } else {
    fields = await readForm(request, context);
  }

  const removeId = fields.get("remove");
  if (removeId) {
    const file = existing.find((f) => f.id === removeId);
    if (!file) throw data(null, { status: 400 });
    await db.delete(attachment).where(eq(attachment.id, file.id));
    await services.files.delete(file.storageKey);
    await audit(db, {
      actor: actorOf(context),
      action: "attachment_removed",
      subject: { kind: "attachment", id: file.id },
    });
  }

  const returnToReview = fields.get("returnToReview") === "1";
  const choices: Record<string, string> = {};
  for (const rule of rules) choices[rule.id] = fields.get(`choice-${rule.id}`) ?? "";

  // A chosen earlier submission's files are copied in for a rule that has none yet, and it must
  // be one on offer. Not on a removal: the choice is still ticked then, and would put it back.
  const chosen = new Map<string, EarlierSubmission>();
  const personId = residentId(context);
  let files = await draftFiles(context, draft.id);
  for (const rule of rules) {
    const choice = choices[rule.id]!;
    if (!choice.startsWith("reuse:") || !rule.reusable || !personId) continue;
    const reference = choice.slice("reuse:".length);
    const earlier = (await earlierSubmissions(db, personId, definition, rule)).find((e) => e.reference === reference);
    if (earlier) chosen.set(rule.id, earlier);
    if (removeId || files.some((f) => f.ruleId === rule.id)) continue;
    if (!earlier) throw data(null, { status: 400 });
    refused.push(...(await copyIntoDraft(context, draft.id, personId, rule, earlier)));
  }
  if (chosen.size) files = await draftFiles(context, draft.id);

  const resolutions: Resolutions = {};
  const missing: string[] = [];
  for (const rule of rules) {
    const ruleFiles = files.filter((f) => f.ruleId === rule.id);
    const ids = ruleFiles.map((f) => f.id);
    const earlier = chosen.get(rule.id);
    const before = (draft.answers[stepId] as Resolutions | undefined)?.[rule.id];
    // Reused while the rule's files are the earlier ones: just copied, or unchanged since.
    const reusedFrom =
      earlier && sameContent(ruleFiles, earlier.files)
        ? earlier.reference
        : before && "files" in before && sameSet(before.files, ids)
          ? before.reusedFrom
          : undefined;
    if (ids.length) resolutions[rule.id] = reusedFrom ? { files: ids, reusedFrom } : { files: ids };
    else if (choices[rule.id] === "later" && !rule.optional) resolutions[rule.id] = { later: true };
    else if (!rule.optional) missing.push(rule.id);
  }

  const answers = { ...draft.answers, [stepId]: resolutions };
  const continuing = fields.get("intent") === "continue";
  if (!continuing || refused.length || removeId) {
    // Stay on the page: show what was refused, or the files as they are now.
    if (refused.length)
      return data(
        await documentsPage(request, context, definition, { ...draft, answers }, stepId, journey, {
          refused,
          choices,
          returnToReview,
        }),
        { status: 400 },
      );
    await saveDraftAnswers(
      db,
      keyring,
      draft.id,
      { ...draft.answers, [stepId]: partial(draft.answers[stepId], resolutions) },
      services.config.retention.draftDays,
    );
    return redirect(`${stepUrl(definition, draft.id, stepId)}${returnToReview ? "?andra=1" : ""}`, 303);
  }
  if (missing.length) {
    return data(
      await documentsPage(request, context, definition, draft, stepId, journey, { missing, choices, returnToReview }),
      { status: 400 },
    );
  }
  await saveDraftAnswers(db, keyring, draft.id, answers, services.config.retention.draftDays);
  const state = journeyState(definition, answers, journey);
  const next = returnToReview && state.resumeAt === REVIEW ? REVIEW : nextAfter(state, stepId);
  return redirect(stepUrl(definition, draft.id, next), 303);
}

/**
 * Before "continue", only what the files say is kept: the step is not complete until the
 * person has answered every rule.
 */
function partial(previous: unknown, resolutions: Resolutions): Resolutions | undefined {
  return previous === undefined ? undefined : resolutions;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

const actorOf = (context: RequestContext) =>
  context.session?.kind === "resident"
    ? ({ kind: "person", id: context.session.person.id } as const)
    : context.session?.kind === "staff"
      ? ({ kind: "staff", id: context.session.staff.subject } as const)
      : ({ kind: "anonymous" } as const);
