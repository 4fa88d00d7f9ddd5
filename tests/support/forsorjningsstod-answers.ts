import type { JourneyContext } from "~/intake/definition";
import type { AnswersSoFar } from "~/intake/fields";
import { isDocumentsStep, journeyState, validateFields } from "~/intake/journey";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";

/**
 * Answers to the försörjningsstöd application as the engine stores them: every step filled in
 * through its own fields (validateFields, or the custom step's read) from what a browser would
 * post, so a test exercises the definition and never hand-writes the stored shape.
 */

export type Posted = Record<string, string | string[]>;
export type Filled = Record<string, Posted | Posted[] | Record<string, unknown>>;

export const ANNA = "198503129820";
export const BENGT = "198707049832";

export const journeyFor = (today: Date, pnr = ANNA): JourneyContext => ({ loggedIn: true, pnr, today });

const form = (posted: Posted) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(posted))
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params;
};

/** Fills the steps the journey reaches, in its order; a step not in `filled` stops the walk. */
export async function fill(filled: Filled, journey: JourneyContext): Promise<AnswersSoFar> {
  const answers: AnswersSoFar = {};
  const fieldContext = { today: journey.today, units: [] };
  const done = new Set<string>();
  for (;;) {
    const next = journeyState(forsorjningsstod, answers, journey).resumeAt;
    const step = forsorjningsstod.steps.find((s) => s.id === next);
    // The review page, a step not given, or one given but still incomplete (documents not all answered).
    if (!step || !(step.id in filled) || done.has(step.id)) return answers;
    done.add(step.id);
    const posted = filled[step.id]!;
    if (isDocumentsStep(forsorjningsstod, step)) {
      answers[step.id] = posted as Record<string, unknown>;
    } else if (step.custom) {
      const result = await step.custom.read(form(posted as Posted), {
        db: undefined as never,
        answers,
        journey,
        draftId: "test",
        personId: null,
        today: journey.today,
      });
      if (!result.ok) throw new Error(`${step.id}: ${JSON.stringify(result.problems)}`);
      answers[step.id] = result.values;
    } else if (step.repeat) {
      const items = (posted as Posted[]).map((item) => {
        const result = validateFields(step, form(item), answers, fieldContext);
        if (!result.ok) throw new Error(`${step.id}: ${JSON.stringify(result.problems)}`);
        return result.values;
      });
      answers[step.id] = { items };
    } else {
      const result = validateFields(step, form(posted as Posted), answers, fieldContext);
      if (!result.ok) throw new Error(`${step.id}: ${JSON.stringify(result.problems)}`);
      answers[step.id] = result.values;
    }
  }
}

/** A month inside the month field's window (the current month). */
export const currentMonth = (today: Date) => today.toISOString().slice(0, 7);

/**
 * Anna and Bengt, Swedish citizens applying again (not a first application), sambor with two
 * children (one aged 5 at preschool, one visiting eight days a month), renting with a contract in
 * both names, Anna on salary and child allowance, Bengt with no income.
 */
export const household = (today: Date, overrides: Filled = {}): Filled => ({
  manad: { month: currentMonth(today) },
  "ny-ansokan": { first: "nej" },
  hushall: { partner: "ja", children: "ja", otherAdults: "nej" },
  medsokande: { coApplicantPnr: "19870704-9832" },
  barn: [
    {
      name: "Ella",
      "birthDate-day": "3",
      "birthDate-month": "4",
      "birthDate-year": String(today.getUTCFullYear() - 5),
      livesWithYou: "ja",
      lunch: "ja",
    },
    {
      name: "Olle",
      "birthDate-day": "9",
      "birthDate-month": "1",
      "birthDate-year": String(today.getUTCFullYear() - 9),
      livesWithYou: "ibland",
      daysPerMonth: "8",
      lunch: "ja",
    },
  ],
  medborgarskap: { applicant: "svensk", coApplicant: "svensk" },
  "skyddade-uppgifter": { protectedData: "nej" },
  boende: { housing: "hyresratt" },
  "boende-kostnad": { rent: "7 200", contract: "bada" },
  inkomster: { applicant: ["salary", "child_allowance"], coApplicant: ["none"] },
  "inkomster-sokande": { salary: "9 800 kr", child_allowance: "1250" },
  kostnader: { costs: ["household_electricity", "home_insurance"] },
  "kostnader-belopp": { household_electricity: "350", home_insurance: "120" },
  tillgangar: { bankBalance: "0", assets: ["none"] },
  ansokningar: { claims: ["none"] },
  arbete: { applicantRegistered: "ja", coApplicantRegistered: "nej" },
  "arbete-medsokande": { reason: "sjuk" },
  foretag: { business: "nej" },
  ovrigt: {},
  dokument: {
    hyreskontrakt: { files: ["6d1c1a8e-0000-4000-8000-000000000001"] },
    hyresavi: { later: true },
    lonespecifikation: { files: ["6d1c1a8e-0000-4000-8000-000000000002"] },
    kontoutdrag: { files: ["6d1c1a8e-0000-4000-8000-000000000003"] },
    kvitton: { later: true },
    arbetsformedlingen: { later: true },
    lakarintyg: { later: true },
    "barnens-boende": { later: true },
  },
  ...overrides,
});
