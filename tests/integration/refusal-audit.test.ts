import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { auditEvent } from "#db/schema";
import { upsertPerson } from "~/auth/people.server";
import type { RequestContext } from "~/load-context";
import * as booking from "~/e-services/samarbetssamtal/routes/booking";
import * as draftStep from "~/routes/$service.utkast.$draftId.$step";
import * as myCase from "~/routes/mina-sidor.arenden.$reference._index";
import * as staffLayout from "~/routes/personal._konsol";
import * as staffStart from "~/routes/personal._konsol._index";
import * as receipt from "~/routes/$service.kvittens.$reference";
import * as start from "~/routes/$service.starta";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const CECILIA = "199002159847";

/**
 * A resident asking for another person's receipt, submission, booking or draft gets a 404, as
 * before, and now an audit event as staff refusals do: who asked and what they asked for,
 * nothing of its content. A resident refused the staff console is recorded once per request,
 * though the layout and the page both check. A visitor who is not logged in is not recorded.
 */
describeEachDatabase("refused requests in the audit log", (kind) => {
  let h: StaffHarness;
  let cecilia: RequestContext;
  let ceciliaId: string;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
    ceciliaId = await upsertPerson(h.database.db, h.config.secrets, {
      pnr: CECILIA,
      name: "Cecilia Carlsson",
      protectedIdentity: false,
    });
    cecilia = h.resident(ceciliaId, CECILIA);
  });
  afterEach(() => h?.close());

  const refusals = () =>
    h.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "access_denied")));

  it("records each refused request of another person's things, once, with no content", async () => {
    const { reference } = await h.report({ identified: true });
    const anna = h.resident(h.annaId);
    const started = (await start.action({
      request: h.post("/orosanmalan/starta", {}),
      context: anna,
      params: { service: "orosanmalan" },
    } as never)) as Response;
    const draftId = started.headers.get("location")!.split("/")[3]!;

    const asks: [string, (context: RequestContext) => unknown, string, string][] = [
      [
        "receipt",
        (context) =>
          receipt.loader({
            request: h.get(`/orosanmalan/kvittens/${reference}`),
            context,
            params: { service: "orosanmalan", reference },
          } as never),
        "receipt",
        reference,
      ],
      [
        "submission",
        (context) =>
          myCase.loader({
            request: h.get(`/mina-sidor/arenden/${reference}`),
            context,
            params: { reference },
          } as never),
        "submission",
        reference,
      ],
      [
        "booking",
        (context) =>
          booking.loader({
            request: h.get(`/samarbetssamtal/bokning/${reference}`),
            context,
            params: { reference },
          } as never),
        "booking",
        reference,
      ],
      [
        "draft",
        (context) =>
          draftStep.loader({
            request: h.get(`/orosanmalan/utkast/${draftId}/vem`),
            context,
            params: { service: "orosanmalan", draftId, step: "vem" },
          } as never),
        "draft",
        draftId,
      ],
    ];
    for (const [what, ask, subjectKind, subjectId] of asks) {
      const before = (await refusals()).length;
      expect([what, (await thrown(ask({ ...cecilia }))).status]).toEqual([what, 404]);
      const rows = (await refusals()).slice(before);
      expect(rows.map((r) => [r.actorKind, r.actorId, r.subjectKind, r.subjectId])).toEqual([
        ["person", ceciliaId, subjectKind, subjectId],
      ]);
      expect(rows[0]).toMatchObject({ details: null, ip: null, userAgent: null });
      // Nobody logged in: a 404 (or the way to log in), and nothing to record.
      expect([302, 404]).toContain((await thrown(ask(h.anonymous()))).status);
      expect((await refusals()).length).toBe(before + 1);
    }
    // Anna's own draft is hers: no refusal.
    await draftStep.loader({
      request: h.get(`/orosanmalan/utkast/${draftId}/vem`),
      context: anna,
      params: { service: "orosanmalan", draftId, step: "vem" },
    } as never);
    expect(await refusals()).toHaveLength(4);
  });

  it("records a resident refused the staff console once per request", async () => {
    // One request: one load context shared by the layout's loader and the page's.
    const context = { ...cecilia };
    const answers = await Promise.all(
      [staffLayout.loader, staffStart.loader].map((loader) =>
        thrown(loader({ request: h.get("/personal"), context, params: {} } as never)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([403, 403]);
    expect((await refusals()).map((r) => [r.actorId, r.subjectKind, r.subjectId])).toEqual([
      [ceciliaId, "page", "/personal"],
    ]);
  });
});
