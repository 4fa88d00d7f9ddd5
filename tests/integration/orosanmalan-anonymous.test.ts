import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { rowsOf } from "#db/connect";
import { attachment, auditEvent, submission, submissionEvent } from "#db/schema";
import { loadDraft } from "~/intake/drafts.server";
import { readSubmission } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import { NOTICE_QUEUE } from "~/notify/notices.server";
import { claimItems } from "~/queue/robot-items.server";
import * as step from "~/routes/$service.utkast.$draftId.$step";
import * as review from "~/routes/$service.utkast.$draftId.granska";
import * as receipt from "~/routes/$service.kvittens.$reference";
import * as start from "~/routes/$service.starta";
import { describeEachDatabase } from "../support/databases";
import { PNG } from "../support/sample-files";
import { ANNA, startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 anonym-test";
const IP = "192.0.2.44";

const location = (response: unknown) => {
  if (!(response instanceof Response)) throw new Error(`expected a redirect, got ${JSON.stringify(response)}`);
  return response.headers.get("location")!;
};
const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;

/**
 * A logged-in private person who says they want to be anonymous is anonymous: the report is
 * sent through the engine's own routes with their session, address and browser, after they had
 * first filled in who they are, and nothing of them reaches the submission, its files, the audit
 * log, the robot or Mina sidor. They still see the receipt, through their session only.
 */
describeEachDatabase("orosanmälan, anonymous while logged in", (kind) => {
  let h: StaffHarness;
  let anna: RequestContext;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
    anna = { ...h.resident(h.annaId), client: { ip: IP, userAgent: USER_AGENT } };
  });
  afterEach(() => h?.close());

  const request = (url: string, init: RequestInit = {}) =>
    new Request(`http://localhost${url}`, {
      ...init,
      headers: { "user-agent": USER_AGENT, ...init.headers },
    });
  const form = (url: string, fields: Record<string, string>) =>
    request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: "token", ...fields }).toString(),
    });
  const paramsOf = (url: string) => {
    const [, service, , draftId, stepId] = url.split("?")[0]!.split("/");
    return { service: service!, draftId: draftId!, step: stepId! };
  };
  /** Posts a step as Anna and returns where she is sent next. */
  const post = async (url: string, fields: Record<string, string>) =>
    location(await step.action({ request: form(url, fields), context: anna, params: paramsOf(url) } as never));

  it("keeps nothing of her, though she first said who she was and added a file", async () => {
    let next = location(
      await start.action({
        request: form("/orosanmalan/starta", {}),
        context: anna,
        params: { service: "orosanmalan" },
      } as never),
    );
    const draftId = paramsOf(next).draftId;
    const url = (stepId: string) => `/orosanmalan/utkast/${draftId}/${stepId}`;

    // First as a nurse, with her workplace and phone number; then as a private person who may be contacted.
    expect((next = await post(next, { reporter: "yrkesperson" }))).toBe(url("arbetsplats"));
    next = await post(next, { organisation: "halso-och-sjukvard", role: "Distriktssköterska" });
    next = await post(next, { workplace: "Vårdcentralen Norrgården" });
    expect(next).toBe(url("kontakt"));
    next = await post(next, { phone: "070-987 65 43", email: "anna@example.se" });
    expect((next = await post(url("vem"), { reporter: "privatperson" }))).toBe(url("anonym"));
    expect((next = await post(next, { anonymous: "nej" }))).toBe(url("om-vem"));
    next = await post(next, { about: "vuxen" });
    next = await post(next, { name: "Sven Svensson" });
    next = await post(next, { areas: "missbruk" });
    next = await post(next, { knows: "nej", consent: "nej", childrenAtHome: "nej" });
    next = await post(next, { what: "Grannen verkar inte klara sig själv.", when: "I veckan", source: "sett" });
    next = await post(next, { danger: "nej" });
    next = await post(next, { honour: "nej" });
    next = await post(next, { ownStaff: "nej" });
    expect(next).toBe(url("bilagor"));
    const upload = new FormData();
    upload.append("csrf", "token");
    upload.append("file-bilaga", new Blob([PNG], { type: "image/png" }), "foto.png");
    await step.action({
      request: request(next, { method: "POST", body: upload }),
      context: anna,
      params: paramsOf(next),
    } as never);
    expect(await h.database.db.select({ personId: attachment.personId }).from(attachment)).toEqual([
      { personId: h.annaId },
    ]);
    expect(await post(next, { intent: "continue" })).toBe(url("granska"));

    // Then she changes her mind, from the review page.
    expect(await post(`${url("anonym")}?andra=1`, { anonymous: "ja", returnToReview: "1" })).toBe(url("granska"));
    const page = dataOf<Awaited<ReturnType<typeof review.loader>>>(
      await review.loader({
        request: request(url("granska")),
        context: anna,
        params: paramsOf(url("granska")),
      } as never),
    );
    expect(page.sections.map((s) => s.stepId)).toEqual(expect.arrayContaining(["anonym", "oro"]));
    const hidden = ["arbetsplats", "arbetsplatsnamn", "enhet", "kontakt", "dina-uppgifter"];
    for (const stepId of hidden) expect(page.sections.map((s) => s.stepId)).not.toContain(stepId);
    // The draft still holds them: only sending leaves them out.
    const held = await loadDraft(h.database.db, h.config.secrets.keyring, draftId, { personId: h.annaId });
    expect(Object.keys(held!.answers)).toEqual(expect.arrayContaining(["arbetsplats", "arbetsplatsnamn", "kontakt"]));

    const sent = location(
      await review.action({
        request: form(url("granska"), {}),
        context: anna,
        params: paramsOf(url("granska")),
      } as never),
    );
    const reference = /^\/orosanmalan\/kvittens\/(OA-[^?]+)\?nyckel=/.exec(sent)?.[1];
    expect(reference).toBeDefined();

    // The submission: no person, no protected-identity flag, none of the answers about her.
    const [row] = await h.database.db.select().from(submission).where(eq(submission.reference, reference!));
    expect(row).toMatchObject({ personId: null, channel: "e-service", queue: "mottagning-vuxna", flags: [] });
    const { answers } = await readSubmission(h.database.db, h.config.secrets.keyring, row!, { kind: "system" }, "test");
    for (const stepId of hidden) expect(Object.keys(answers)).not.toContain(stepId);
    expect(answers.anonym).toEqual({ anonymous: "ja" });
    const herDetails = /070-987|anna@|Norrgården|Distriktssköterska|Anna|Andersson|198503129820/;
    expect(JSON.stringify(answers)).not.toMatch(herDetails);
    // Her file went with the report, without her name on it.
    expect(await h.database.db.select({ personId: attachment.personId }).from(attachment)).toEqual([
      { personId: null },
    ]);

    // The audit log: the submission made and read by no one in particular, with no address or browser;
    // nothing anywhere names her or carries what her browser sent.
    const audits = await h.database.db.select().from(auditEvent);
    expect(audits.find((a) => a.action === "submission_created")).toMatchObject({
      actorKind: "anonymous",
      actorId: null,
      subjectId: row!.id,
      ip: null,
      userAgent: null,
    });
    for (const event of audits) {
      expect(event.actorId).not.toBe(h.annaId);
      expect(event.ip).toBeNull();
      expect(event.userAgent).toBeNull();
      expect(JSON.stringify(event.details ?? {})).not.toContain(h.annaId);
    }

    // No notice, nothing on Mina sidor.
    expect(await rowsOf(h.database.db, sql`select id from pgboss.job where name = ${NOTICE_QUEUE}`)).toEqual([]);
    expect(await h.database.db.select().from(submission).where(eq(submission.personId, h.annaId))).toEqual([]);
    const events = await h.database.db.select().from(submissionEvent).where(eq(submissionEvent.submissionId, row!.id));
    expect(JSON.stringify(events)).not.toContain(h.annaId);

    // She sees the receipt, as an anonymous reader.
    const page2 = dataOf<Awaited<ReturnType<typeof receipt.loader>>>(
      await receipt.loader({
        request: request(sent),
        context: anna,
        params: { service: "orosanmalan", reference },
      } as never),
    );
    expect(page2).toMatchObject({ reference, sender: "anonymous" });
    // The sent draft's address leads nobody to it, not even her: nothing kept tells her from
    // whoever next uses this browser and its history.
    for (const context of [anna, { ...anna, session: { ...anna.session!, idHash: "another-login" } }]) {
      const gone = await thrown(
        review.loader({ request: request(url("granska")), context, params: paramsOf(url("granska")) } as never),
      );
      expect(gone.status).toBe(404);
    }
    const reads = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "submission_read"));
    expect(reads.map((r) => [r.actorKind, r.actorId])).toContainEqual(["anonymous", null]);
    // Only in that session: the same URL after logging in again, or without the key, is a 404.
    const later = { ...anna, session: { ...anna.session!, idHash: "another-login" } } as RequestContext;
    for (const [url2, context] of [
      [sent, later],
      [sent.split("?")[0]!, anna],
    ] as const) {
      expect(
        (
          await thrown(
            receipt.loader({ request: request(url2), context, params: { service: "orosanmalan", reference } } as never),
          )
        ).status,
      ).toBe(404);
    }

    // The robot gets the report with no sender, and nothing of her in it.
    const robot = await h.robot(["mottagning-vuxna"]);
    const [item] = await claimItems(
      h.queue,
      { tokenId: robot.tokenId, name: "Testrobot", queues: ["mottagning-vuxna"] },
      "mottagning-vuxna",
      1,
    );
    expect(item).toMatchObject({ reference, sender: null, recordedPerson: null, coParties: [] });
    expect(item!.attachments).toHaveLength(1);
    expect(JSON.stringify(item)).not.toMatch(herDetails);
    expect(JSON.stringify(item)).not.toContain(ANNA);
  });
});
