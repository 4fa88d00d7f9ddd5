import { stateProtectedIdentity } from "~/auth/people.server";
import { SubmitConflict, priorities, type EServiceDefinition, type Routing, type StepDef } from "~/intake/definition";
import {
  amount,
  checkboxes,
  date,
  integer,
  monthWindow,
  radio,
  text,
  textarea,
  yesNo,
  type AnswersSoFar,
} from "~/intake/fields";
import {
  ASSET_OPTIONS,
  asFieldError,
  CHILD_RESIDENCE,
  CITIZENSHIP,
  CLAIM_OPTIONS,
  coApplicantPnr,
  CONTRACT_HOLDERS,
  COST_CODES,
  COST_OPTIONS,
  costKinds,
  hasChildren,
  hasCoApplicant,
  hasHome,
  hasIncomes,
  hasOtherAdults,
  HOUSING_TYPES,
  INCOME_OPTIONS,
  isRented,
  NONE,
  NOT_SEEKING_REASONS,
  OTHER_ADULT_RELATIONS,
  registeredAtArbetsformedlingen,
  serviceError,
  statesProtectedData,
  STEP,
  WITHOUT_PARTNER_INPUT,
  withoutPartner,
} from "./answers";
import { provberakning } from "./calculation";
import { coApplicantStep, pnrField, withoutPartnerField } from "./co-applicant-step.server";
import { INCOME_CODES } from "./provberakning";
import { documentRules } from "./document-rules";
import { riksnormTable } from "./riksnorm-tables";
import { recordStatistics } from "./statistics.server";
import { childAgeProblems, describeWhen, exclusiveNone, incomeFields, LIMITS, monthField } from "./step-helpers.server";
import { version1Steps } from "./version-1.server";
import { version2Steps } from "./version-2.server";

/**
 * Ansökan om försörjningsstöd (ekonomiskt bistånd): one month's application for a household.
 * A spouse or sambo is a co-applicant asked to confirm with their own e-ID; the application is
 * sent when the applicant sends it, and the confirmation (or its absence) follows it. The proofs asked for follow from the answers by the same rules for everyone,
 * whatever the channel (DOMAIN.md: the equal-treatment defect to avoid). The preliminary
 * calculation (calculation.ts) goes with the application as an estimate, never a decision.
 */

/** A due date (förfallodatum) beside an amount: a bill due this year, past or coming. */
const dueDate = (when: (a: AnswersSoFar) => boolean) => date({ required: false, maxYearsBack: 1, when });

const steps = [
  { id: STEP.month, fields: { month: monthField } },
  // Decides the document set: a first application (nyansökan) proves more than a repeat one.
  { id: STEP.firstApplication, fields: { first: yesNo() } },
  {
    id: STEP.household,
    fields: { partner: yesNo(), children: yesNo(), otherAdults: yesNo() },
  },
  {
    id: STEP.coApplicant,
    when: hasCoApplicant,
    fields: { pnr: pnrField, [WITHOUT_PARTNER_INPUT]: withoutPartnerField },
    custom: coApplicantStep,
  },
  {
    id: STEP.children,
    when: hasChildren,
    repeat: { min: 1, max: 12, titleField: "name" },
    fields: {
      name: text({ maxLength: 60, autocomplete: "off", width: "medium" }),
      birthDate: date({ notInFuture: true, maxYearsBack: 22 }),
      livesWithYou: radio(CHILD_RESIDENCE),
      // Asked only of a child living here part of the time (umgängesbarn): the norm may follow the days.
      daysPerMonth: integer({ required: false, max: 31 }),
      lunch: yesNo(),
      school: yesNo({ required: false }),
    },
    check: (values) => {
      const age = childAgeProblems(values);
      if (age.length) return age;
      const partTime = values.livesWithYou !== undefined && values.livesWithYou !== "ja";
      if (partTime && values.daysPerMonth === undefined) return [{ field: "daysPerMonth", error: "required" }];
      return partTime && values.daysPerMonth === 0
        ? [{ field: "daysPerMonth", error: asFieldError(serviceError.noDays) }]
        : [];
    },
  },
  {
    id: STEP.otherAdults,
    when: hasOtherAdults,
    repeat: { min: 1, max: 8, titleField: "name" },
    fields: {
      name: text({ maxLength: 100, autocomplete: "off" }),
      relation: radio(OTHER_ADULT_RELATIONS),
      pays: amount({ required: false, max: LIMITS.payment }),
    },
  },
  {
    id: STEP.citizenship,
    fields: {
      applicant: radio(CITIZENSHIP),
      coApplicant: radio(CITIZENSHIP, { when: hasCoApplicant }),
    },
  },
  { id: STEP.protectedData, fields: { protectedData: yesNo() } },
  { id: STEP.housing, fields: { housing: radio(HOUSING_TYPES) } },
  {
    id: STEP.housingCost,
    when: hasHome,
    fields: {
      rent: amount({ max: LIMITS.rent }),
      rentDue: dueDate(() => true),
      contract: radio(CONTRACT_HOLDERS, { when: (a) => isRented(a) && hasCoApplicant(a) }),
      contractSingle: radio(["jag", "annan"] as const, { when: (a) => isRented(a) && !hasCoApplicant(a) }),
    },
  },
  {
    id: STEP.incomes,
    fields: {
      applicant: checkboxes(INCOME_OPTIONS, { required: true }),
      coApplicant: checkboxes(INCOME_OPTIONS, { required: true, when: hasCoApplicant }),
    },
    check: (values) => [...exclusiveNone("applicant")(values), ...exclusiveNone("coApplicant")(values)],
  },
  {
    id: STEP.applicantIncomes,
    when: (a) => hasIncomes(a, "applicant"),
    fields: incomeFields(INCOME_CODES, "applicant"),
  },
  {
    id: STEP.coApplicantIncomes,
    when: (a) => hasCoApplicant(a) && hasIncomes(a, "coApplicant"),
    fields: incomeFields(INCOME_CODES, "coApplicant"),
  },
  {
    id: STEP.costs,
    fields: { costs: checkboxes(COST_OPTIONS, { required: true }) },
    check: exclusiveNone("costs"),
  },
  {
    id: STEP.costAmounts,
    when: (a) => costKinds(a).length > 0,
    fields: {
      ...Object.fromEntries(
        COST_CODES.flatMap((code) => {
          const chosen = (a: AnswersSoFar) => costKinds(a).includes(code);
          return [
            [code, amount({ max: LIMITS.cost, when: chosen })],
            [`${code}Due`, dueDate(chosen)],
          ];
        }),
      ),
      otherWhat: text({ maxLength: 200, when: (a) => costKinds(a).includes("other") }),
    },
  },
  {
    id: STEP.assets,
    fields: {
      bankBalance: amount({ max: LIMITS.bankBalance }),
      assets: checkboxes(ASSET_OPTIONS, { required: true }),
      assetsWhat: textarea({ required: false, maxLength: 1000 }),
    },
    check: (values) => {
      const chosen = (values.assets as string[] | undefined) ?? [];
      const none = exclusiveNone("assets")(values);
      if (none.length) return none;
      return describeWhen("assetsWhat", chosen.some((v) => v !== NONE) && !values.assetsWhat);
    },
  },
  {
    id: STEP.pendingClaims,
    fields: {
      claims: checkboxes(CLAIM_OPTIONS, { required: true }),
      claimsWhat: textarea({ required: false, maxLength: 1000 }),
    },
    check: (values) => {
      const chosen = (values.claims as string[] | undefined) ?? [];
      const none = exclusiveNone("claims")(values);
      if (none.length) return none;
      return describeWhen("claimsWhat", chosen.some((v) => v !== NONE) && !values.claimsWhat);
    },
  },
  {
    id: STEP.work,
    fields: {
      applicantRegistered: yesNo(),
      coApplicantRegistered: yesNo({ when: hasCoApplicant }),
    },
  },
  {
    id: STEP.applicantNotSeeking,
    when: (a) => !registeredAtArbetsformedlingen(a, "applicant"),
    hiddenFromCoParties: true,
    fields: { reason: radio(NOT_SEEKING_REASONS), more: textarea({ required: false, maxLength: 1000 }) },
  },
  {
    id: STEP.coApplicantNotSeeking,
    when: (a) => hasCoApplicant(a) && !registeredAtArbetsformedlingen(a, "coApplicant"),
    fields: { reason: radio(NOT_SEEKING_REASONS), more: textarea({ required: false, maxLength: 1000 }) },
  },
  {
    id: STEP.business,
    fields: { business: yesNo(), businessWhat: textarea({ required: false, maxLength: 1000 }) },
    check: (values) => describeWhen("businessWhat", values.business === "ja" && !values.businessWhat),
  },
  { id: STEP.other, hiddenFromCoParties: true, fields: { other: textarea({ required: false, maxLength: 3000 }) } },
  { id: STEP.documents, fields: {} },
] as const satisfies readonly StepDef[];
/** The steps' literal type, which the answer accessors (answers.ts) are checked against. */
export type ForsorjningsstodSteps = typeof steps;

export const forsorjningsstod: EServiceDefinition = {
  id: "forsorjningsstod",
  // 3: first application or not, citizenship, days a part-time child is home, more kinds of
  // income, due dates (decision 017). 2: the partner may be left out (violence or threat).
  // Earlier versions' steps are frozen (decision 021); version 1's answers schema is also archived.
  version: 3,
  earlierVersions: [
    { version: 1, steps: version1Steps },
    { version: 2, steps: version2Steps },
  ],
  slug: "forsorjningsstod",
  referencePrefix: "EB",
  declaration: true,
  // Withdrawn from Mina sidor until the robot has registered it.
  withdrawable: true,
  access: "login",
  steps,
  documents: { stepId: STEP.documents, rules: documentRules },

  coParties(answers) {
    const pnr = hasCoApplicant(answers) && !withoutPartner(answers) ? coApplicantPnr(answers) : undefined;
    return pnr ? [{ role: "medsokande", pnr }] : [];
  },

  route(answers, context): Routing {
    const restricted = context.protectedIdentity || statesProtectedData(answers);
    return {
      queue: restricted ? "skyddad" : "ekonomiskt-bistand",
      priority: priorities.normal,
      flags: [
        ...(restricted ? ["protected_identity" as const] : []),
        ...(withoutPartner(answers) ? ["contact_safely" as const] : []),
      ],
    };
  },

  /**
   * Apply again: what rarely changes comes back (the household, the co-applicant, the children,
   * citizenship, protected data, the home and whose name is on the contract, what is owned, a business), and
   * is shown on the check-your-answers page to be changed there. What belongs to the month is
   * left out and asked again: the month, whether it is a first application (a long pause makes
   * it one again), the rent, incomes, costs, bank balance, pending claims,
   * job seeking, anything else, and the documents (an unchanged rental contract is confirmed on
   * the documents step, never assumed).
   */
  prefill(previous) {
    const keep = (step: string, pick?: (answer: Record<string, unknown>) => Record<string, unknown>) => {
      const answer = previous[step];
      return answer ? { [step]: pick ? pick(answer) : answer } : {};
    };
    const without =
      (...names: string[]) =>
      (answer: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(answer).filter(([name]) => !names.includes(name)));
    return {
      ...keep(STEP.household),
      ...keep(STEP.citizenship),
      ...keep(STEP.coApplicant),
      ...keep(STEP.children),
      ...keep(STEP.otherAdults),
      ...keep(STEP.protectedData),
      ...keep(STEP.housing),
      ...keep(STEP.housingCost, without("rent", "rentDue")),
      ...keep(STEP.assets, without("bankBalance")),
      ...keep(STEP.business),
    };
  },

  computed: (answers) => ({ ...provberakning(answers) }),

  // Promised only when every month one may apply for today has its year's table: the estimate
  // never borrows another year's figures, so without one there is nothing to promise.
  estimateOffered: (today) =>
    monthWindow(monthField, today).every((yearMonth) => riksnormTable(Number(yearMonth.slice(0, 4))) !== undefined),

  async onSubmit(tx, context) {
    // The co-applicant step refuses the applicant's own number; this holds whatever path led here.
    const pnr = coApplicantPnr(context.answers);
    if (hasCoApplicant(context.answers) && pnr && pnr === context.journey.pnr)
      throw new SubmitConflict(STEP.coApplicant, "sameAsApplicant");
    await recordStatistics(tx, context);
    // Stated here, protection holds for everything the portal sends the applicant from now on.
    if (context.personId && statesProtectedData(context.answers)) await stateProtectedIdentity(tx, context.personId);
  },

  retention: { afterRegistrationDays: 30 },
};
