import type { DocumentRule } from "~/intake/definition";
import type { IncomeCode } from "./provberakning";
import {
  children,
  costKinds,
  hasBusiness,
  hasChildren,
  hasCoApplicant,
  hasHome,
  incomeKinds,
  isFirstApplication,
  isRented,
  isSecondHand,
  needsMigrationsverketDecision,
  notSeekingReason,
  registeredAtArbetsformedlingen,
  rent,
} from "./answers";

/**
 * Which answer asks for which proof: data, the same for everyone whatever the channel (an
 * assisted or paper application runs the same rules). Each rule's label and hint are in
 * locales/<language>/forsorjningsstod.json under documents.<id>. A rule marked reusable lets a
 * repeat applicant confirm that the copy sent with an earlier application is unchanged; it is
 * never skipped, and "send it later" (a supplement on Mina sidor) is always offered.
 *
 * A first application (nyansökan, as the person answered) proves who the household is and what it
 * owns: ID, an overview of every account at every bank, three months' statements, the latest tax
 * return, and for a second-hand contract the landlord's approval. A repeat application proves the
 * month. The sets are rules like the others, the same for every channel (decision 017).
 */
const repeat = (a: Parameters<DocumentRule["when"]>[0]) => !isFirstApplication(a);

export const documentRules: readonly DocumentRule[] = [
  // An ID document does not change from one application to the next.
  { id: "id-handling", when: isFirstApplication, reusable: true },
  { id: "kontooversikt", when: isFirstApplication, reusable: false },
  { id: "kontoutdrag-tre-manader", when: isFirstApplication, reusable: false },
  // The latest tax return stays the latest for a year.
  { id: "deklaration", when: isFirstApplication, reusable: true },
  {
    id: "andrahand-godkannande",
    when: (a) => isFirstApplication(a) && hasHome(a) && isSecondHand(a),
    reusable: true,
  },
  // A residence permit or another decision from Migrationsverket, for first and repeat alike.
  { id: "migrationsverket", when: needsMigrationsverketDecision, reusable: true },
  // The contract rarely changes: a repeat applicant confirms last month's copy is unchanged.
  { id: "hyreskontrakt", when: (a) => hasHome(a) && isRented(a), reusable: true },
  { id: "hyresavi", when: (a) => hasHome(a) && rent(a) > 0, reusable: false },
  {
    id: "lonespecifikation",
    when: (a) =>
      incomeKinds(a, "applicant").includes("salary") ||
      (hasCoApplicant(a) && incomeKinds(a, "coApplicant").includes("salary")),
    reusable: false,
  },
  {
    id: "utbetalningsbesked",
    // Child allowance is the same fixed amount for everyone and needs no proof.
    when: (a) =>
      [...incomeKinds(a, "applicant"), ...(hasCoApplicant(a) ? incomeKinds(a, "coApplicant") : [])].some(
        (code: IncomeCode) => code !== "salary" && code !== "child_allowance",
      ),
    reusable: false,
  },
  { id: "kvitton", when: (a) => costKinds(a).length > 0, reusable: false },
  // Every repeat application, on paper or online; a first one sends three months instead.
  { id: "kontoutdrag", when: repeat, reusable: false },
  {
    id: "arbetsformedlingen",
    when: (a) =>
      registeredAtArbetsformedlingen(a, "applicant") ||
      (hasCoApplicant(a) && registeredAtArbetsformedlingen(a, "coApplicant")),
    reusable: false,
  },
  {
    id: "lakarintyg",
    when: (a) =>
      (!registeredAtArbetsformedlingen(a, "applicant") && notSeekingReason(a, "applicant") === "sjuk") ||
      (hasCoApplicant(a) &&
        !registeredAtArbetsformedlingen(a, "coApplicant") &&
        notSeekingReason(a, "coApplicant") === "sjuk"),
    // A certificate covers a period; an unchanged one may be confirmed again.
    reusable: true,
  },
  {
    id: "barnens-boende",
    when: (a) => hasChildren(a) && children(a).some((c) => c.livesWithYou !== "ja"),
    reusable: true,
  },
  { id: "foretag", when: hasBusiness, reusable: false },
];
