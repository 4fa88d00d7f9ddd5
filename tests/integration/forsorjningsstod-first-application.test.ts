import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { documentsPage } from "~/intake/documents-step.server";
import { createDraft, loadDraft } from "~/intake/drafts.server";
import type { StepPageData } from "~/intake/step-route.server";
import * as step from "~/routes/$service.utkast.$draftId.$step";
import { describeEachDatabase } from "../support/databases";
import { fill, household, journeyFor, type Filled } from "../support/forsorjningsstod-answers";
import { startStaffHarness, type StaffHarness } from "../support/staff-harness";

/**
 * Which documents an application for försörjningsstöd asks for, read from the documents step a
 * person sees: a first application (nyansökan) has its own set, a repeat one keeps the month's
 * set, and a non-citizen's residence permit is asked for in both; a child who lives in the home
 * part of the time must have their days a month stated.
 */

const today = new Date();
const journey = journeyFor(today);
const STEP = "dokument";
const sv = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../locales/sv/forsorjningsstod.json"), "utf8"),
) as { fields: { barn: { daysPerMonth: { errors: Record<string, string> } } } };

/** Anna and Bengt up to the documents step, with these answers changed. */
const upToDocuments = (overrides: Filled) => {
  const { [STEP]: _documents, ...filled } = household(today, overrides);
  return fill(filled, journey);
};

describeEachDatabase(
  "försörjningsstöd: the first application's documents, citizenship and part-time children",
  (kind) => {
    let h: StaffHarness;
    beforeEach(async () => {
      h = await startStaffHarness(kind);
    });
    afterEach(() => h?.close());

    /** The rules the documents step shows for a draft with these answers. */
    async function rulesShown(overrides: Filled) {
      const answers = await upToDocuments(overrides);
      const draftId = await createDraft(
        h.database.db,
        h.config.secrets.keyring,
        forsorjningsstod,
        { personId: h.annaId },
        answers,
        30,
      );
      const draft = (await loadDraft(h.database.db, h.config.secrets.keyring, draftId, { personId: h.annaId }))!;
      const page = await documentsPage(
        h.get(`/forsorjningsstod/utkast/${draftId}/${STEP}`),
        h.resident(h.annaId),
        forsorjningsstod,
        draft,
        STEP,
        journey,
      );
      return page.rules.map((r) => r.id);
    }

    const FIRST_ONLY = ["id-handling", "kontooversikt", "kontoutdrag-tre-manader", "deklaration"];

    it("asks a first application for ID, every bank's overview, three months' statements and the tax return", async () => {
      const shown = await rulesShown({ "ny-ansokan": { first: "ja" } });
      expect(shown).toEqual(expect.arrayContaining([...FIRST_ONLY, "hyreskontrakt", "lonespecifikation"]));
      // Three months' statements replace the month's; no second-hand contract, no permit.
      expect(shown).not.toContain("kontoutdrag");
      expect(shown).not.toContain("andrahand-godkannande");
      expect(shown).not.toContain("migrationsverket");
    });

    it("keeps today's set for a repeat application: the month's statements, nothing of the first set", async () => {
      const shown = await rulesShown({ "ny-ansokan": { first: "nej" } });
      expect(shown).toContain("kontoutdrag");
      expect(shown).toContain("hyreskontrakt");
      for (const id of [...FIRST_ONLY, "andrahand-godkannande"]) expect(shown).not.toContain(id);
    });

    it("asks a first application renting second-hand for the landlord's approval, a repeat one not", async () => {
      const secondHand = { boende: { housing: "andrahand" } };
      expect(await rulesShown({ ...secondHand, "ny-ansokan": { first: "ja" } })).toContain("andrahand-godkannande");
      expect(await rulesShown({ ...secondHand, "ny-ansokan": { first: "nej" } })).not.toContain(
        "andrahand-godkannande",
      );
    });

    it("asks for Migrationsverket's decision when an adult applying holds a residence permit, first or repeat", async () => {
      for (const first of ["ja", "nej"]) {
        const permit = {
          "ny-ansokan": { first },
          medborgarskap: { applicant: "svensk", coApplicant: "tidsbegransat-uppehallstillstand" },
        };
        expect(await rulesShown(permit)).toContain("migrationsverket");
      }
      const waiting = { medborgarskap: { applicant: "annat", coApplicant: "svensk" } };
      expect(await rulesShown(waiting)).toContain("migrationsverket");
      // An EU/EEA citizen's right of residence is no decision of Migrationsverket's: nothing to send.
      const eu = { medborgarskap: { applicant: "eu-ees", coApplicant: "svensk" } };
      expect(await rulesShown(eu)).not.toContain("migrationsverket");
      // A co-applicant's answer counts only while there is one.
      const alone = {
        hushall: { partner: "nej", children: "nej", otherAdults: "nej" },
        "boende-kostnad": { rent: "6 900", contractSingle: "jag" },
        medborgarskap: { applicant: "permanent-uppehallstillstand" },
      };
      expect(await rulesShown(alone)).toContain("migrationsverket");
    });

    it("asks how many days a month a part-time child is home, and refuses none or more than a month", async () => {
      // Through the step page as a browser posts it, with the household answered first.
      const answers = await fill(
        {
          manad: household(today).manad!,
          "ny-ansokan": { first: "nej" },
          hushall: household(today).hushall!,
          medsokande: household(today).medsokande!,
        },
        journey,
      );
      const draftId = await createDraft(
        h.database.db,
        h.config.secrets.keyring,
        forsorjningsstod,
        { personId: h.annaId },
        answers,
        30,
      );
      const url = `/forsorjningsstod/utkast/${draftId}/barn`;
      const child = {
        name: "Olle",
        "birthDate-day": "9",
        "birthDate-month": "1",
        "birthDate-year": String(today.getUTCFullYear() - 9),
        livesWithYou: "ibland",
        lunch: "ja",
      };
      const add = async (fields: Record<string, string>) =>
        step.action({
          request: new Request(`http://localhost${url}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ csrf: "token", intent: "add", ...fields }).toString(),
          }),
          context: h.resident(h.annaId),
          params: { service: "forsorjningsstod", draftId, step: "barn" },
        } as never);
      const problems = (result: unknown): string[][] => {
        const page = ((result as { data?: StepPageData }).data ?? result) as StepPageData;
        return page.fields.filter((f) => f.error).map((f) => [f.name, message(f.error!.code, f.error!.params)]);
      };
      // Each refusal is a message on the field, in the person's language.
      const message = (code: string, params: Record<string, string | number> = {}) =>
        (sv.fields.barn.daysPerMonth.errors[code] ?? code).replace(/{{(\w+)}}/g, (_, name: string) =>
          String(params[name]),
        );
      const missing = problems(await add(child));
      expect(missing).toEqual([["daysPerMonth", "Skriv hur många dagar per månad barnet är hos dig"]]);
      expect(problems(await add({ ...child, daysPerMonth: "0" }))).toEqual([
        ["daysPerMonth", "Skriv minst 1 dag. Ett barn som aldrig är hos dig lägger du inte till"],
      ]);
      expect(problems(await add({ ...child, daysPerMonth: "32" }))).toEqual([
        ["daysPerMonth", "En månad har högst 31 dagar"],
      ]);
      const added = await add({ ...child, daysPerMonth: "8" });
      expect(added).toBeInstanceOf(Response);
      const draft = await loadDraft(h.database.db, h.config.secrets.keyring, draftId, { personId: h.annaId });
      expect(draft!.answers.barn!.items).toEqual([
        expect.objectContaining({ livesWithYou: "ibland", daysPerMonth: 8 }),
      ]);
      // A child living there all the time is not asked for days.
      expect(await add({ ...child, name: "Ella", livesWithYou: "ja" })).toBeInstanceOf(Response);
    });
  },
);
