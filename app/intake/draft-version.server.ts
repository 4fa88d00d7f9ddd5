import { and, eq } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { draft as draftTable } from "#db/schema";
import { audit } from "../audit/audit.server";
import type { EServiceDefinition } from "./definition";
import { deleteDraft, type Draft } from "./drafts.server";
import { answersFit } from "./versions";

/**
 * A draft begun under an earlier version of its service. Its answers are carried over to the current
 * version when they still fit its questions unchanged; otherwise the draft is deleted and the person
 * starts again, told why (RESTARTED on the service's start page). Half-migrated answers would ask
 * the person to confirm something they never answered.
 */

/** The service's start page saying the draft was restarted because the questions changed. */
export const restartedUrl = (definition: EServiceDefinition) => `/${definition.slug}?omstart=1`;

/** The draft under the current version, or null when it was deleted for not fitting it. */
export async function currentDraft(db: Executor, definition: EServiceDefinition, found: Draft): Promise<Draft | null> {
  if (found.serviceVersion === definition.version) return found;
  if (answersFit(definition, found.answers)) {
    await db
      .update(draftTable)
      .set({ serviceVersion: definition.version })
      .where(and(eq(draftTable.id, found.id), eq(draftTable.serviceVersion, found.serviceVersion)));
    return { ...found, serviceVersion: definition.version };
  }
  // Its files are left without a draft, and retention deletes them (runRetention's orphans).
  if (await deleteDraft(db, found.id, found.owner)) {
    await audit(db, {
      actor: { kind: "system" },
      action: "draft_deleted",
      subject: { kind: "draft", id: found.id },
      details: { service: definition.id, rule: "version_changed", version: found.serviceVersion },
    });
  }
  return null;
}
