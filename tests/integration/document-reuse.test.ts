import { createHash } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import { attachment, auditEvent, submission } from "#db/schema";
import { upsertPerson } from "~/auth/people.server";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { documentsAction, documentsPage } from "~/intake/documents-step.server";
import { createDraft, loadDraft } from "~/intake/drafts.server";
import { runRetention } from "~/intake/retention.server";
import { submitDraft } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import { claimItems, completeItem, openItemAttachment, type ClaimedItem } from "~/queue/robot-items.server";
import { answersJsonSchema } from "~/queue/robot-openapi.server";
import { createRobotToken, type RobotPrincipal } from "~/queue/robot-tokens.server";
import { describeEachDatabase } from "../support/databases";
import { fill, household, journeyFor } from "../support/forsorjningsstod-answers";
import { pdf } from "../support/sample-files";
import { startStaffHarness, statusOf, type StaffHarness } from "../support/staff-harness";

/**
 * A repeat applicant for försörjningsstöd confirms last month's rental contract is unchanged:
 * the file is copied into the new application, reaches the robot as that item's own
 * attachment, and outlives the earlier application's retention.
 */

const STEP = "dokument";
const today = new Date();
const journey = journeyFor(today);
const CONTRACT = pdf();

/**
 * Anna alone, renting in her own name, registered at Arbetsförmedlingen: the rental contract is
 * asked for; a first application (nyansökan) asks for her ID document and tax return as well.
 */
async function answersUpToDocuments(first = false) {
  const { [STEP]: _documents, ...filled } = household(today, {
    "ny-ansokan": { first: first ? "ja" : "nej" },
    hushall: { partner: "nej", children: "nej", otherAdults: "nej" },
    boende: { housing: "hyresratt" },
    "boende-kostnad": { rent: "7 200", contractSingle: "jag" },
    inkomster: { applicant: ["none"] },
    kostnader: { costs: ["none"] },
    arbete: { applicantRegistered: "ja" },
  });
  return fill(filled, journey);
}

describeEachDatabase("reusing a document from an earlier application", (kind) => {
  let h: StaffHarness;
  let robot: RobotPrincipal;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
    const token = await createRobotToken(h.database.db, { name: "Testrobot", queues: ["ekonomiskt-bistand"] });
    robot = { tokenId: token.id, name: "Testrobot", queues: ["ekonomiskt-bistand"] };
  });
  afterEach(async () => {
    await h.close();
  });

  const newDraft = async (personId: string, first = false) =>
    createDraft(
      h.database.db,
      h.config.secrets.keyring,
      forsorjningsstod,
      { personId },
      await answersUpToDocuments(first),
      30,
    );
  const draftOf = async (id: string, personId: string) =>
    (await loadDraft(h.database.db, h.config.secrets.keyring, id, { personId }))!;
  const url = (draftId: string) => `/forsorjningsstod/utkast/${draftId}/${STEP}`;

  async function page(context: RequestContext, draftId: string, personId: string) {
    const draft = await draftOf(draftId, personId);
    return documentsPage(h.get(url(draftId)), context, forsorjningsstod, draft, STEP, journey);
  }

  /** Posts the documents step: the given choices, "later" for every other rule that asks. */
  async function post(
    context: RequestContext,
    draftId: string,
    personId: string,
    form: FormData | Record<string, string>,
  ) {
    const draft = await draftOf(draftId, personId);
    const rules = (await page(context, draftId, personId)).rules.map((r) => r.id);
    let request: Request;
    if (form instanceof FormData) {
      for (const rule of rules) if (!form.has(`choice-${rule}`)) form.append(`choice-${rule}`, "later");
      form.append("intent", "continue");
      request = new Request(`http://localhost${url(draftId)}`, { method: "POST", body: form });
    } else {
      const later = Object.fromEntries(rules.map((rule) => [`choice-${rule}`, "later"]));
      request = h.post(url(draftId), { ...later, ...form, intent: "continue" });
    }
    return statusOf(() => documentsAction(request, context, forsorjningsstod, draft, STEP, journey));
  }

  async function send(draftId: string, personId: string) {
    const { keyring, personLookup } = h.config.secrets;
    return submitDraft(
      { db: h.database.db, keyring, personLookup, boss: h.boss },
      {
        draft: await draftOf(draftId, personId),
        definition: forsorjningsstod,
        journey,
        personId,
        protectedIdentity: false,
        language: "sv",
        channel: "e-service",
        actor: { kind: "person", id: personId },
      },
    );
  }

  async function claim(reference: string): Promise<ClaimedItem> {
    const [item] = await claimItems(h.queue, robot, "ekonomiskt-bistand", 1);
    expect(item?.reference).toBe(reference);
    return item!;
  }

  /** Last month's application, its contract (or another proof) uploaded as a file, registered by the robot. */
  async function lastMonth(first = false, rule = "hyreskontrakt") {
    const draftId = await newDraft(h.annaId, first);
    const upload = new FormData();
    upload.append("csrf", "token");
    upload.append(`file-${rule}`, new Blob([new Uint8Array(CONTRACT)], { type: "application/pdf" }), `${rule}.pdf`);
    expect(await post(h.resident(h.annaId), draftId, h.annaId, upload)).toBe(303);
    const sent = await send(draftId, h.annaId);
    const item = await claim(sent.reference);
    await completeItem(h.queue, robot, item.id, {
      leaseId: item.lease.id,
      caseNumber: "EB-2026-1",
      caseSystem: "Test",
    });
    const [original] = await h.database.db.select().from(attachment).where(eq(attachment.id, item.attachments[0]!.id));
    return { reference: sent.reference, original: original! };
  }

  it("copies the earlier file into the new application, and the robot gets it after the earlier one is gone", async () => {
    const { db } = h.database;
    const anna = h.resident(h.annaId);
    const earlier = await lastMonth();

    // This month: the contract from last month is offered, and chosen.
    const draftId = await newDraft(h.annaId);
    const offered = (await page(anna, draftId, h.annaId)).rules.find((r) => r.id === "hyreskontrakt")!;
    expect(offered.reuseOptions.map((o) => o.reference)).toEqual([earlier.reference]);
    expect(await post(anna, draftId, h.annaId, { "choice-hyreskontrakt": `reuse:${earlier.reference}` })).toBe(303);

    // A file of the draft's own: new id, new object, its own data key; the same content.
    const [copy, ...more] = await db
      .select()
      .from(attachment)
      .where(and(eq(attachment.draftId, draftId), eq(attachment.ruleId, "hyreskontrakt")));
    expect(more).toEqual([]);
    expect(copy).toMatchObject({ personId: h.annaId, submissionId: null, sha256: earlier.original.sha256 });
    expect(copy!.id).not.toBe(earlier.original.id);
    expect(copy!.storageKey).not.toBe(earlier.original.storageKey);
    expect(copy!.wrappedKey).not.toBe(earlier.original.wrappedKey);
    const [audited] = await db.select().from(auditEvent).where(eq(auditEvent.action, "attachment_reused"));
    expect(audited).toMatchObject({ actorKind: "person", actorId: h.annaId, subjectId: copy!.id });
    expect(audited!.details).toMatchObject({ rule: "hyreskontrakt", reference: earlier.reference });

    const draft = await draftOf(draftId, h.annaId);
    const resolution = { files: [copy!.id], reusedFrom: earlier.reference };
    expect(draft.answers[STEP]!.hyreskontrakt).toEqual(resolution);
    // Back on the page: the file is listed, the choice still shown; posting again copies nothing more.
    const shown = (await page(anna, draftId, h.annaId)).rules.find((r) => r.id === "hyreskontrakt")!;
    expect(shown).toMatchObject({ files: [{ id: copy!.id, filename: "hyreskontrakt.pdf" }] });
    expect(shown.choice).toBe(`reuse:${earlier.reference}`);
    expect(await post(anna, draftId, h.annaId, { "choice-hyreskontrakt": `reuse:${earlier.reference}` })).toBe(303);
    expect((await draftOf(draftId, h.annaId)).answers[STEP]!.hyreskontrakt).toEqual(resolution);
    const sent = await send(draftId, h.annaId);

    // Retention deletes last month's application with its file; this month's copy stays.
    const [old] = await db.select().from(submission).where(eq(submission.reference, earlier.reference));
    await runRetention(db, h.files, new Date(old!.retainUntil!.getTime() + 60_000));
    expect(await db.select().from(submission).where(eq(submission.reference, earlier.reference))).toEqual([]);
    await expect(h.files.get(earlier.original.storageKey)).rejects.toThrow();

    // The robot gets the copy as an attachment of the new item, and the answers say where it came from.
    const item = await claim(sent.reference);
    expect(item.attachments.map(({ id, filename, ruleId, sha256 }) => ({ id, filename, ruleId, sha256 }))).toEqual([
      { id: copy!.id, filename: "hyreskontrakt.pdf", ruleId: "hyreskontrakt", sha256: earlier.original.sha256 },
    ]);
    expect((item.answers![STEP] as Record<string, unknown>).hyreskontrakt).toEqual(resolution);
    const opened = await openItemAttachment(h.queue, robot, item.id, copy!.id);
    const bytes = await buffer(opened.stream);
    expect(bytes.equals(CONTRACT)).toBe(true);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(item.attachments[0]!.sha256);

    // The answers are what the published JSON Schema describes.
    const published = answersJsonSchema(item.serviceId, item.serviceVersion, h.queue.apiBase)!;
    expect(z.fromJSONSchema(published as never).safeParse(item.answers).success).toBe(true);
  });

  it("offers nobody else's files, refuses a reference not on offer, and copies once however often it is sent", async () => {
    const { db } = h.database;
    const earlier = await lastMonth();

    // Bengt is offered nothing of Anna's, and cannot name her reference.
    const bengt = await upsertPerson(db, h.config.secrets, {
      pnr: "198707049832",
      name: "Bengt Andersson",
      protectedIdentity: false,
    });
    const his = await newDraft(bengt);
    const asBengt = h.resident(bengt, "198707049832");
    expect((await page(asBengt, his, bengt)).rules.flatMap((r) => r.reuseOptions)).toEqual([]);
    expect(await post(asBengt, his, bengt, { "choice-hyreskontrakt": `reuse:${earlier.reference}` })).toBe(400);
    expect(await db.select().from(attachment).where(eq(attachment.draftId, his))).toEqual([]);

    // Anna sends the same choice twice at once (a double click): one copy.
    const anna = h.resident(h.annaId);
    const draftId = await newDraft(h.annaId);
    const choice = { "choice-hyreskontrakt": `reuse:${earlier.reference}` };
    const statuses = await Promise.all([post(anna, draftId, h.annaId, choice), post(anna, draftId, h.annaId, choice)]);
    expect(statuses).toEqual([303, 303]);
    expect(await db.select().from(attachment).where(eq(attachment.draftId, draftId))).toHaveLength(1);
  });

  it("works in a first application too: an ID document sent with an earlier first application is offered and copied", async () => {
    const anna = h.resident(h.annaId);
    const earlier = await lastMonth(true, "id-handling");
    // Applying again after a long pause: a first application again, its ID document unchanged.
    const draftId = await newDraft(h.annaId, true);
    const rules = (await page(anna, draftId, h.annaId)).rules;
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(["id-handling", "kontooversikt", "deklaration"]));
    const offered = rules.find((r) => r.id === "id-handling")!;
    expect(offered.reuseOptions.map((o) => o.reference)).toEqual([earlier.reference]);
    // A statement of one month's accounts is never offered again.
    expect(rules.find((r) => r.id === "kontooversikt")!.reuseOptions).toEqual([]);
    expect(await post(anna, draftId, h.annaId, { "choice-id-handling": `reuse:${earlier.reference}` })).toBe(303);
    const [copy] = await h.database.db
      .select()
      .from(attachment)
      .where(and(eq(attachment.draftId, draftId), eq(attachment.ruleId, "id-handling")));
    expect(copy).toMatchObject({ sha256: earlier.original.sha256 });
    expect((await draftOf(draftId, h.annaId)).answers[STEP]!["id-handling"]).toEqual({
      files: [copy!.id],
      reusedFrom: earlier.reference,
    });
  });
});
