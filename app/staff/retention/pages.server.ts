import { data, redirect } from "@remix-run/node";
import { audit } from "~/audit/audit.server";
import { serviceById } from "~/e-services/registry.server";
import { readForm } from "~/http/form.server";
import { runRetention } from "~/intake/retention.server";
import type { RequestContext } from "~/load-context";
import { requireArea, staffActor } from "../guard.server";
import { limitsFor, type RetentionField, type RetentionProblem, type ServiceRetentionLimits } from "~/retention/limits";
import {
  retentionLog,
  retentionRules,
  saveRetention,
  type RetentionLogEntry,
  type RetentionRule,
} from "~/retention/settings.server";

export interface RetentionPageData {
  rules: (RetentionRule & { limits: ServiceRetentionLimits; defaultAfterRegistrationDays: number })[];
  defaultDraftDays: number;
  log: RetentionLogEntry[];
  saved: string | null;
  ran: boolean;
  /** The service whose form was refused, with why, and what was typed. */
  refused: {
    serviceId: string;
    problems: Partial<Record<RetentionField, RetentionProblem>>;
    values: Record<RetentionField, string>;
  } | null;
}

async function page(request: Request, context: RequestContext, refused: RetentionPageData["refused"] = null) {
  const { db } = context.services.database;
  const draftDays = context.services.config.retention.draftDays;
  const url = new URL(request.url);
  const saved = url.searchParams.get("sparat");
  return {
    rules: (await retentionRules(db, draftDays)).map((rule) => ({
      ...rule,
      limits: limitsFor(rule.serviceId),
      defaultAfterRegistrationDays: serviceById(rule.serviceId)!.retention.afterRegistrationDays,
    })),
    defaultDraftDays: draftDays,
    log: await retentionLog(db, { limit: 100 }),
    saved: saved && serviceById(saved) ? saved : null,
    ran: url.searchParams.get("kord") === "1",
    refused,
  } satisfies RetentionPageData;
}

export async function retentionLoader(request: Request, context: RequestContext): Promise<RetentionPageData> {
  await requireArea(request, context, "retention");
  return page(request, context);
}

export async function retentionAction(request: Request, context: RequestContext) {
  const session = await requireArea(request, context, "retention");
  const form = await readForm(request, context);
  const { db } = context.services.database;
  const actor = staffActor(session);
  const intent = form.get("intent");
  if (intent === "run") {
    await audit(db, { actor, action: "retention_run_requested" });
    await runRetention(db, context.services.files);
    return redirect("/personal/gallring?kord=1", 303);
  }
  if (intent !== "save") throw data(null, { status: 400 });
  const serviceId = form.get("service") ?? "";
  if (!serviceById(serviceId)) throw data(null, { status: 404 });
  const input = {
    afterRegistrationDays: (form.get("afterRegistrationDays") ?? "").slice(0, 10),
    draftDays: (form.get("draftDays") ?? "").slice(0, 10),
  };
  const outcome = await saveRetention(db, actor, serviceId, input, context.services.config.retention.draftDays);
  if (!outcome.ok)
    return data(await page(request, context, { serviceId, problems: outcome.problems, values: outcome.values }), {
      status: 400,
    });
  return redirect(`/personal/gallring?sparat=${serviceId}`, 303);
}
