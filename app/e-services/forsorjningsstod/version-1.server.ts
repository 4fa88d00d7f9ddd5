import type { StepDef } from "~/intake/definition";
import {
  amount,
  checkboxes,
  date,
  month,
  personnummer,
  radio,
  text,
  textarea,
  yesNo,
  type Field,
} from "~/intake/fields";
import {
  CHILD_RESIDENCE,
  CLAIM_OPTIONS,
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
  incomeKinds,
  isRented,
  NONE,
  NOT_SEEKING_REASONS,
  OTHER_ADULT_RELATIONS,
  registeredAtArbetsformedlingen,
  STEP,
  type Person,
} from "./answers";

/**
 * Försörjningsstöd's questions as version 1 asked them (recovered from git: the definition before
 * commit 12593ac), so applications sent then are read back with the questions they answered. Only
 * the shape is kept: a frozen version is never filled in, so the cross-field checks and the custom
 * co-applicant step's input handling are left out. Its JSON Schema is served from the archived file
 * (schema-version-1.json, listed by the module); a unit test holds these steps to it.
 *
 * The steps with the applicant's own words are hidden from a co-party here as in the current
 * version: who may read an answer is today's rule, not part of the answers' shape (decision 021).
 */

/** The kinds of income version 1 asked about, written out so that today's list cannot reach them. */
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

/** The options of the assets question before version 2 added caravans, pension savings and assets abroad. */
const ASSET_OPTIONS = ["fordon", "fastighet", "bat", "aktier-fonder", "annat", NONE] as const;

const LIMITS = { income: 100_000, rent: 40_000, cost: 50_000, payment: 30_000, bankBalance: 10_000_000 } as const;

function incomeFields(who: Person): Record<string, Field> {
  const fields: Record<string, Field> = {};
  for (const code of INCOME_CODES) {
    fields[code] = amount({ max: LIMITS.income, when: (a) => incomeKinds(a, who).includes(code) });
  }
  fields.otherWhat = text({ maxLength: 200, when: (a) => incomeKinds(a, who).includes("other") });
  return fields;
}

export const version1Steps: readonly StepDef[] = [
  { id: STEP.month, fields: { month: month({ monthsBack: 2, monthsAhead: 1 }) } },
  { id: STEP.household, fields: { partner: yesNo(), children: yesNo(), otherAdults: yesNo() } },
  // Version 1 asked only for the co-applicant's number.
  { id: STEP.coApplicant, when: hasCoApplicant, fields: { pnr: personnummer() } },
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
  },
  { id: STEP.applicantIncomes, when: (a) => hasIncomes(a, "applicant"), fields: incomeFields("applicant") },
  {
    id: STEP.coApplicantIncomes,
    when: (a) => hasCoApplicant(a) && hasIncomes(a, "coApplicant"),
    fields: incomeFields("coApplicant"),
  },
  { id: STEP.costs, fields: { costs: checkboxes(COST_OPTIONS, { required: true }) } },
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
  },
  {
    id: STEP.pendingClaims,
    fields: {
      claims: checkboxes(CLAIM_OPTIONS, { required: true }),
      claimsWhat: textarea({ required: false, maxLength: 1000 }),
    },
  },
  {
    id: STEP.work,
    fields: { applicantRegistered: yesNo(), coApplicantRegistered: yesNo({ when: hasCoApplicant }) },
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
  },
  { id: STEP.other, hiddenFromCoParties: true, fields: { other: textarea({ required: false, maxLength: 3000 }) } },
  { id: STEP.documents, fields: {} },
];
