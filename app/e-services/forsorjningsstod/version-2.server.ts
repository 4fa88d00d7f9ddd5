import type { StepDef } from "~/intake/definition";
import { amount, checkboxes, date, radio, text, textarea, yesNo } from "~/intake/fields";
import {
  costKinds,
  hasChildren,
  hasCoApplicant,
  hasHome,
  hasIncomes,
  hasOtherAdults,
  isRented,
  NONE,
  registeredAtArbetsformedlingen,
  STEP,
  WITHOUT_PARTNER_INPUT,
} from "./answers";
import { coApplicantStep, pnrField, withoutPartnerField } from "./co-applicant-step.server";
import { childAgeProblems, describeWhen, exclusiveNone, incomeFields, LIMITS, monthField } from "./step-helpers.server";

/**
 * Försörjningsstöd's questions as version 2 asked them, unchanged: applications sent then may
 * still be in the robot's queue, and the robot fetches their answers' JSON Schema by that version
 * number. The option lists are written out here, so a change to today's lists cannot reach them.
 */

const INCOME_CODES = [
  "salary",
  "unemployment_benefit",
  "sickness_benefit",
  "activity_support",
  "child_allowance",
  "maintenance_support",
  "housing_allowance",
  "pension",
  "student_finance",
  "other",
] as const;
const INCOME_OPTIONS = [...INCOME_CODES, NONE] as const;
const COST_CODES = [
  "household_electricity",
  "home_insurance",
  "work_travel",
  "union_and_unemployment_fund_fees",
  "doctor",
  "prescribed_medicine",
  "acute_dental_care",
  "childcare_fee",
  "other",
] as const;
const COST_OPTIONS = [...COST_CODES, NONE] as const;
const HOUSING_TYPES = [
  "hyresratt",
  "andrahand",
  "inneboende",
  "bostadsratt",
  "eget-hus",
  "hos-foraldrar",
  "saknar-bostad",
  "annat",
] as const;
const CHILD_RESIDENCE = ["ja", "vaxelvis", "ibland"] as const;
const OTHER_ADULT_RELATIONS = ["vuxet-barn", "foralder-slakting", "inneboende", "annan"] as const;
const ASSET_OPTIONS = [
  "fordon",
  "fastighet",
  "bat",
  "husvagn",
  "aktier-fonder",
  "pensionssparande",
  "utomlands",
  "annat",
  NONE,
] as const;
const CLAIM_OPTIONS = ["forsakringskassan", "pensionsmyndigheten", "csn", "annan", NONE] as const;
const NOT_SEEKING_REASONS = ["arbetar", "sjuk", "studerar", "foraldraledig", "annat"] as const;
const CONTRACT_HOLDERS = ["jag", "medsokande", "bada", "annan"] as const;

export const version2Steps: readonly StepDef[] = [
  { id: STEP.month, fields: { month: monthField } },
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
      lunch: yesNo(),
      school: yesNo({ required: false }),
    },
    check: childAgeProblems,
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
  { id: STEP.protectedData, fields: { protectedData: yesNo() } },
  { id: STEP.housing, fields: { housing: radio(HOUSING_TYPES) } },
  {
    id: STEP.housingCost,
    when: hasHome,
    fields: {
      rent: amount({ max: LIMITS.rent }),
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
        COST_CODES.map((code) => [code, amount({ max: LIMITS.cost, when: (a) => costKinds(a).includes(code) })]),
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
];
