import { afterEach, beforeEach, expect, it } from "vitest";
import { loadDraft } from "~/intake/drafts.server";
import type { StepPageData } from "~/intake/step-route.server";
import type { RequestContext } from "~/load-context";
import * as step from "~/routes/$service.utkast.$draftId.$step";
import * as start from "~/routes/$service.starta";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, type StaffHarness } from "../support/staff-harness";

const form = (url: string, fields: Record<string, string>) =>
  new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: "token", ...fields }).toString(),
  });
const paramsOf = (url: string) => {
  const [, service, , draftId, stepId] = url.split("?")[0]!.split("/");
  return { service: service!, draftId: draftId!, step: stepId! };
};
const location = (response: unknown) => (response instanceof Response ? response.headers.get("location") : null);
const pageOf = (value: unknown) => ((value as { data?: StepPageData }).data ?? value) as StepPageData;

/**
 * The engine's "add another" step, shown on orosanmälan's "Barnet eller barnen": the item's fields
 * and "Spara och fortsätt" are one form, so pressing "continue" with a child typed in must keep it.
 */
describeEachDatabase("an 'add another' step", (kind) => {
  let h: StaffHarness;
  let anna: RequestContext;
  let barn: string;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
    anna = h.resident(h.annaId);
    const post = async (url: string, fields: Record<string, string>) =>
      location(await step.action({ request: form(url, fields), context: anna, params: paramsOf(url) } as never))!;
    let next = location(
      await start.action({
        request: form("/orosanmalan/starta", {}),
        context: anna,
        params: { service: "orosanmalan" },
      } as never),
    )!;
    next = await post(next, { reporter: "privatperson" });
    next = await post(next, { phone: "070-123 45 67" });
    barn = await post(next, { about: "barn" });
    expect(paramsOf(barn).step).toBe("barn");
  });
  afterEach(() => h?.close());

  const act = (fields: Record<string, string>) =>
    step.action({ request: form(barn, fields), context: anna, params: paramsOf(barn) } as never);
  const savedChildren = async () => {
    const draft = await loadDraft(h.database.db, h.config.secrets.keyring, paramsOf(barn).draftId, {
      personId: h.annaId,
    });
    return (draft!.answers.barn?.items as Record<string, unknown>[] | undefined) ?? [];
  };

  it("adds a filled-in child when the person goes on without pressing Lägg till", async () => {
    const next = location(await act({ intent: "continue", name: "Kim", age: "8" }));
    expect(next).toMatch(/\/vardnadshavare$/);
    expect(await savedChildren()).toEqual([{ name: "Kim", age: 8 }]);
  });

  it("shows what was typed again, with what is missing, when the child cannot be added", async () => {
    const response = await act({ intent: "continue", name: "Kim" });
    const page = pageOf(response);
    expect((response as { init?: { status?: number } }).init?.status).toBe(400);
    expect(page.fields.find((f) => f.name === "name")?.values).toEqual({ name: "Kim" });
    expect(page.fields.find((f) => f.name === "pnr")?.error).toMatchObject({ code: "required" });
    expect(page.repeat?.tooFew).toBe(false);
    expect(await savedChildren()).toEqual([]);
  });

  it("says a child is missing when nothing was typed and none added", async () => {
    const page = pageOf(await act({ intent: "continue", name: " ", age: "" }));
    expect(page.repeat?.tooFew).toBe(true);
    expect(page.fields.every((f) => !f.error)).toBe(true);
  });

  it("goes on with the children added when the item's fields are left empty", async () => {
    expect(location(await act({ intent: "add", name: "Kim", age: "8" }))).toMatch(/\/barn$/);
    expect(location(await act({ intent: "continue", name: "", age: "" }))).toMatch(/\/vardnadshavare$/);
    expect(await savedChildren()).toEqual([{ name: "Kim", age: 8 }]);
  });

  it("saves a change being made to a child when the person goes on", async () => {
    await act({ intent: "add", name: "Kim", age: "8" });
    expect(location(await act({ intent: "continue", editing: "0", name: "Kim Andersson", age: "9" }))).toMatch(
      /\/vardnadshavare$/,
    );
    expect(await savedChildren()).toEqual([{ name: "Kim Andersson", age: 9 }]);
  });
});
