import type { AnswersSoFar, FieldError } from "~/intake/fields";
import { answerOf, itemsOf, type ItemOf } from "~/intake/typed-answers";
import type { ForsorjningsstodSteps } from "./definition.server";
import { INCOME_CODES, REASONABLE_COST_CODES, type IncomeCode, type ReasonableCostCode } from "./provberakning";

/**
 * The answers of an application for försörjningsstöd, read by name: the step and field ids the
 * definition uses, and typed accessors that the definition, the calculation, the document rules
 * and the statistics share. Pure: no I/O, safe in the browser bundle.
 *
 * The step and field ids are checked against the current steps (typed-answers.ts). Each accessor
 * states its return type: the steps call them, so their type must not depend on the steps' own.
 */

export const STEP = {
  month: "manad",
  firstApplication: "ny-ansokan",
  household: "hushall",
  coApplicant: "medsokande",
  children: "barn",
  otherAdults: "andra-vuxna",
  citizenship: "medborgarskap",
  protectedData: "skyddade-uppgifter",
  housing: "boende",
  housingCost: "boende-kostnad",
  incomes: "inkomster",
  applicantIncomes: "inkomster-sokande",
  coApplicantIncomes: "inkomster-medsokande",
  costs: "kostnader",
  costAmounts: "kostnader-belopp",
  assets: "tillgangar",
  pendingClaims: "ansokningar",
  work: "arbete",
  applicantNotSeeking: "arbete-sokande",
  coApplicantNotSeeking: "arbete-medsokande",
  business: "foretag",
  other: "ovrigt",
  documents: "dokument",
} as const;

/** The co-applicant step's input (see co-applicant-step.server.ts for why it is not "pnr"). */
export const CO_APPLICANT_INPUT = "coApplicantPnr";
/** The checkbox by which an applicant applies without involving their partner (violence or threat). */
export const WITHOUT_PARTNER_INPUT = "withoutPartner";

/** "None of these": the explicit answer that makes a checkbox question answered with nothing. */
export const NONE = "none";

export const INCOME_OPTIONS = [...INCOME_CODES, NONE] as const;
/** Rent is asked with the housing; these are the other costs beyond the norm. */
export const COST_CODES = REASONABLE_COST_CODES.filter(
  (code): code is Exclude<ReasonableCostCode, "rent"> => code !== "rent",
);
export const COST_OPTIONS = [...COST_CODES, NONE] as const;

export const HOUSING_TYPES = [
  "hyresratt",
  "andrahand",
  "inneboende",
  "bostadsratt",
  "eget-hus",
  "hos-foraldrar",
  "saknar-bostad",
  "annat",
] as const;
/** Housing held on a rental contract: the contract is asked for. */
export const RENTED: readonly string[] = ["hyresratt", "andrahand", "inneboende"];

export const CHILD_RESIDENCE = ["ja", "vaxelvis", "ibland"] as const;
/** Citizenship or the right to live in Sweden, asked for each adult applying. */
export const CITIZENSHIP = [
  "svensk",
  "eu-ees",
  "permanent-uppehallstillstand",
  "tidsbegransat-uppehallstillstand",
  "annat",
] as const;
/**
 * Answers for which Migrationsverket has made a decision (or sent a notice) the caseworker needs.
 * An EU/EEA citizen's right of residence is not decided by Migrationsverket, so none is asked for.
 */
const DECIDED_BY_MIGRATIONSVERKET: readonly string[] = [
  "permanent-uppehallstillstand",
  "tidsbegransat-uppehallstillstand",
  "annat",
];
export const OTHER_ADULT_RELATIONS = ["vuxet-barn", "foralder-slakting", "inneboende", "annan"] as const;
export const ASSET_OPTIONS = [
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
export const CLAIM_OPTIONS = ["forsakringskassan", "pensionsmyndigheten", "csn", "annan", NONE] as const;
export const NOT_SEEKING_REASONS = ["arbetar", "sjuk", "studerar", "foraldraledig", "annat"] as const;
export const CONTRACT_HOLDERS = ["jag", "medsokande", "bada", "annan"] as const;

/**
 * Refusals this service adds to the engine's own (fields.ts). The engine looks a code up under
 * the field's own errors first (fields.<step>.<field>.errors.<code>), so each is translated
 * there; the engine's FieldError type does not list them, hence the one cast, here.
 */
export const serviceError = {
  sameAsApplicant: "same_as_applicant",
  noneCombined: "none_combined",
  childTooOld: "child_too_old",
  noDays: "no_days",
  describe: "describe",
} as const;
export const asFieldError = (code: (typeof serviceError)[keyof typeof serviceError]) => code as unknown as FieldError;

const field = answerOf<ForsorjningsstodSteps>();
const items = itemsOf<ForsorjningsstodSteps>();
const list = (value: readonly string[] | undefined): string[] => (Array.isArray(value) ? [...value] : []);
const amountOf = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) ? value : 0);

export const monthAppliedFor = (a: AnswersSoFar): string | undefined => {
  const value = field(a, STEP.month, "month");
  return typeof value === "string" ? value : undefined;
};
/** A first application (nyansökan): the first, or the first for a long time, as the person answered. */
export const isFirstApplication = (a: AnswersSoFar): boolean => field(a, STEP.firstApplication, "first") === "ja";
export const hasCoApplicant = (a: AnswersSoFar): boolean => field(a, STEP.household, "partner") === "ja";
export const hasChildren = (a: AnswersSoFar): boolean => field(a, STEP.household, "children") === "ja";
export const hasOtherAdults = (a: AnswersSoFar): boolean => field(a, STEP.household, "otherAdults") === "ja";
export const coApplicantPnr = (a: AnswersSoFar): string | undefined => {
  const value = field(a, STEP.coApplicant, "pnr");
  return typeof value === "string" ? value : undefined;
};
/**
 * The applicant cannot involve their partner because of violence or threat: the partner is not
 * asked to confirm, and the unit contacts the applicant in a safe way.
 */
export const withoutPartner = (a: AnswersSoFar): boolean =>
  hasCoApplicant(a) && field(a, STEP.coApplicant, WITHOUT_PARTNER_INPUT) === "ja";
export const children = (a: AnswersSoFar): ItemOf<ForsorjningsstodSteps, typeof STEP.children>[] =>
  items(a, STEP.children);
const citizenship = (a: AnswersSoFar, who: Person): string | undefined => field(a, STEP.citizenship, who);
/** Some adult applying holds a residence permit or another decision from Migrationsverket. */
export const needsMigrationsverketDecision = (a: AnswersSoFar): boolean =>
  DECIDED_BY_MIGRATIONSVERKET.includes(citizenship(a, "applicant") ?? "") ||
  (hasCoApplicant(a) && DECIDED_BY_MIGRATIONSVERKET.includes(citizenship(a, "coApplicant") ?? ""));
export const otherAdults = (a: AnswersSoFar): ItemOf<ForsorjningsstodSteps, typeof STEP.otherAdults>[] =>
  items(a, STEP.otherAdults);
export const statesProtectedData = (a: AnswersSoFar): boolean => field(a, STEP.protectedData, "protectedData") === "ja";
export const housingType = (a: AnswersSoFar): string | undefined => field(a, STEP.housing, "housing");
export const hasHome = (a: AnswersSoFar): boolean => housingType(a) !== undefined && housingType(a) !== "saknar-bostad";
export const isRented = (a: AnswersSoFar): boolean => RENTED.includes(housingType(a) ?? "");
export const isSecondHand = (a: AnswersSoFar): boolean => housingType(a) === "andrahand";
export const rent = (a: AnswersSoFar): number => amountOf(field(a, STEP.housingCost, "rent"));

export type Person = "applicant" | "coApplicant";
const incomeStep = (who: Person) => (who === "applicant" ? STEP.applicantIncomes : STEP.coApplicantIncomes);

/** The kinds of income a person said they have this month ("none" left out). */
export const incomeKinds = (a: AnswersSoFar, who: Person): IncomeCode[] =>
  list(field(a, STEP.incomes, who)).filter((code): code is IncomeCode => code !== NONE);
export const hasIncomes = (a: AnswersSoFar, who: Person): boolean => incomeKinds(a, who).length > 0;
/** Every income stated, by person, in whole kronor for the month. */
export const incomeAmounts = (a: AnswersSoFar, who: Person): { code: IncomeCode; amount: number }[] =>
  incomeKinds(a, who).map((code) => ({ code, amount: amountOf(field(a, incomeStep(who), code)) }));

export const costKinds = (a: AnswersSoFar): (typeof COST_CODES)[number][] =>
  list(field(a, STEP.costs, "costs")).filter((code): code is (typeof COST_CODES)[number] => code !== NONE);
export const costAmounts = (a: AnswersSoFar): { code: (typeof COST_CODES)[number]; amount: number }[] =>
  costKinds(a).map((code) => ({ code, amount: amountOf(field(a, STEP.costAmounts, code)) }));

export const assetKinds = (a: AnswersSoFar): string[] =>
  list(field(a, STEP.assets, "assets")).filter((v) => v !== NONE);
export const registeredAtArbetsformedlingen = (a: AnswersSoFar, who: Person): boolean =>
  field(a, STEP.work, who === "applicant" ? "applicantRegistered" : "coApplicantRegistered") === "ja";
export const notSeekingReason = (a: AnswersSoFar, who: Person): string | undefined =>
  field(a, who === "applicant" ? STEP.applicantNotSeeking : STEP.coApplicantNotSeeking, "reason");
export const hasBusiness = (a: AnswersSoFar): boolean => field(a, STEP.business, "business") === "ja";

/** What other adults living there pay to the household each month (rent, food). */
export const paymentsFromOthers = (a: AnswersSoFar): number =>
  otherAdults(a).reduce((sum, adult) => sum + amountOf(adult.pays), 0);
