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
  isRented,
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
 */
export const documentRules: readonly DocumentRule[] = [
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
  // Always: the same for a first application and the hundredth, on paper or online.
  { id: "kontoutdrag", when: () => true, reusable: false },
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
