import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvent, submission } from "#db/schema";
import { loadDraft } from "~/intake/drafts.server";
import { readSubmission } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import * as step from "~/routes/$service.utkast.$draftId.$step";
import * as review from "~/routes/$service.utkast.$draftId.granska";
import * as receipt from "~/routes/$service.kvittens.$reference";
import * as start from "~/routes/$service.starta";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 anonym-test";
const IP = "192.0.2.44";

const location = (response: unknown) => {
  if (!(response instanceof Response)) throw new Error(`expected a redirect, got ${JSON.stringify(response)}`);
  return response.headers.get("location")!;
};
const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;

/**
 * Anonymity is offered only to a visitor who has not logged in: the audit log keeps the login
 * (who, when, from where) seconds before the report, so a report sent in that session could be
 * tied to the person by time however little the submission keeps of them
 * (docs/decisions/013-hardening-and-anonymity.md). A logged-in private person reports in their
 * own name, is told so, and cannot reach the anonymity step by its address.
 */
describeEachDatabase("orosanmälan, a logged-in private person", (kind) => {
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

  it("is not offered anonymity, cannot choose it by the step's address, and reports in her own name", async () => {
    let next = location(
      await start.action({
        request: form("/orosanmalan/starta", {}),
        context: anna,
        params: { service: "orosanmalan" },
      } as never),
    );
    const draftId = paramsOf(next).draftId;
    const url = (stepId: string) => `/orosanmalan/utkast/${draftId}/${stepId}`;

    expect((next = await post(next, { reporter: "privatperson" }))).toBe(url("kontakt"));
    // The anonymity step by its address: sent back to where she is, nothing saved.
    const refused = await thrown(
      step.action({
        request: form(url("anonym"), { anonymous: "ja" }),
        context: anna,
        params: paramsOf(url("anonym")),
      } as never),
    );
    expect(refused.headers.get("location")).toBe(url("kontakt"));
    const held = await loadDraft(h.database.db, h.config.secrets.keyring, draftId, { personId: h.annaId });
    expect(held!.answers.anonym).toBeUndefined();

    next = await post(next, { phone: "070-987 65 43", email: "anna@example.se" });
    expect(next).toBe(url("om-vem"));
    next = await post(next, { about: "vuxen" });
    next = await post(next, { name: "Sven Svensson" });
    next = await post(next, { areas: "missbruk" });
    next = await post(next, { knows: "nej", consent: "nej", childrenAtHome: "nej" });
    next = await post(next, { what: "Grannen verkar inte klara sig själv.", when: "I veckan", source: "sett" });
    next = await post(next, { danger: "nej" });
    next = await post(next, { honour: "nej" });
    next = await post(next, { ownStaff: "nej" });
    expect(next).toBe(url("bilagor"));
    expect(await post(next, { intent: "continue" })).toBe(url("granska"));

    const sent = location(
      await review.action({
        request: form(url("granska"), {}),
        context: anna,
        params: paramsOf(url("granska")),
      } as never),
    );
    const reference = /^\/orosanmalan\/kvittens\/(OA-[^?]+)$/.exec(sent)?.[1];
    expect(reference).toBeDefined();
    const [row] = await h.database.db.select().from(submission).where(eq(submission.reference, reference!));
    expect(row).toMatchObject({ personId: h.annaId, senderKey: null });
    const { answers } = await readSubmission(h.database.db, h.config.secrets.keyring, row!, { kind: "system" }, "test");
    expect(answers.anonym).toBeUndefined();
    expect(answers.kontakt).toMatchObject({ phone: expect.stringContaining("070") });
    const audits = await h.database.db.select().from(auditEvent).where(eq(auditEvent.action, "submission_created"));
    expect(audits.map((a) => [a.actorKind, a.actorId])).toEqual([["person", h.annaId]]);

    // Her receipt is hers, on her session, with no key in the address.
    const page = dataOf<Awaited<ReturnType<typeof receipt.loader>>>(
      await receipt.loader({
        request: request(sent),
        context: anna,
        params: { service: "orosanmalan", reference },
      } as never),
    );
    expect(page).toMatchObject({ own: false, page: { reference, sender: "mina-sidor" } });
  });
});
