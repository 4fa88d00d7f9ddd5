import {
  checkboxes,
  date,
  email,
  integer,
  personnummer,
  phone,
  radio,
  text,
  textarea,
  unit,
  OTHER_UNIT,
} from "~/intake/fields";
import {
  priorities,
  type EServiceDefinition,
  type OutcomeEntitlement,
  type Routing,
  type StepDef,
} from "~/intake/definition";
import { answerOf } from "~/intake/typed-answers";
import { contactFromStep } from "~/intake/errand-contact";
import type { AnswersSoFar } from "~/intake/fields";
import { recordReportStatistics } from "./statistics.server";
import { version1Steps } from "./version-1.server";

/**
 * Orosanmälan: a report of concern about a child or an adult. Professionals must be
 * identifiable; a private person may stay anonymous. Acute reports go first, honour-related
 * reports and reports about the municipality's own staff go to the restricted queue, and
 * nothing of a report is ever shown to the person it concerns or their guardians.
 */

export const organisationTypes = [
  "forskola",
  "skola",
  "fritidshem",
  "halso-och-sjukvard",
  "tandvard",
  "polis",
  "socialtjanst",
  "annan",
] as const;

export const adultAreas = ["missbruk", "vald-i-nara-relation", "lss", "socialpsykiatri", "annat"] as const;

// The predicates the steps use say `: boolean`: their type must not depend on the steps' own.
const answer = answerOf<OrosanmalanSteps>();
const isProfessional = (a: AnswersSoFar): boolean => answer(a, "vem", "reporter") === "yrkesperson";
const isPrivate = (a: AnswersSoFar): boolean => answer(a, "vem", "reporter") === "privatperson";
const aboutChild = (a: AnswersSoFar): boolean => answer(a, "om-vem", "about") === "barn";
const aboutAdult = (a: AnswersSoFar): boolean => answer(a, "om-vem", "about") === "vuxen";
const knowOptions = ["ja", "nej", "vet-inte"] as const;

/**
 * Återkoppling (old SoL 14 kap. 1 b §, kept by the new socialtjänstlag): a reporter with a duty to
 * report who reported concern about a child, and asked, may be told whether an investigation was
 * opened, was not opened or is already under way. Nothing about an adult may be told (OSL 26 kap. 1 §).
 */
export function outcomeEntitlement(a: AnswersSoFar): OutcomeEntitlement {
  if (!aboutChild(a)) return "adult_report";
  if (!isProfessional(a)) return "not_mandated";
  return answer(a, "aterkoppling", "feedback") === "ja" ? "told" : "not_requested";
}

const schoolLike = (a: AnswersSoFar): boolean =>
  ["forskola", "skola", "fritidshem"].includes(String(answer(a, "arbetsplats", "organisation")));

const steps = [
  { id: "vem", fields: { reporter: radio(["yrkesperson", "privatperson"]) } },
  {
    id: "arbetsplats",
    when: isProfessional,
    fields: {
      organisation: radio(organisationTypes),
      role: text({ maxLength: 100, autocomplete: "organization-title" }),
    },
  },
  {
    id: "enhet",
    when: (a) => isProfessional(a) && schoolLike(a),
    fields: {
      unit: unit({
        unitTypes: (a): ("forskola" | "skola" | "fritidshem")[] => [
          answer(a, "arbetsplats", "organisation") as "forskola" | "skola" | "fritidshem",
        ],
      }),
      unitName: text({ required: false, maxLength: 120 }),
    },
    check: (values) =>
      values.unit === OTHER_UNIT && !values.unitName ? [{ field: "unitName", error: "required" }] : [],
  },
  {
    id: "arbetsplatsnamn",
    when: (a) => isProfessional(a) && !schoolLike(a),
    fields: { workplace: text({ maxLength: 150, autocomplete: "organization" }) },
  },
  {
    id: "anonym",
    when: (a, c) => isPrivate(a) && !c.loggedIn,
    fields: { anonymous: radio(["ja", "nej"]) },
  },
  {
    id: "dina-uppgifter",
    // A professional must always be identifiable; a private person only if they chose to be.
    when: (a, c): boolean =>
      (isProfessional(a) && !c.loggedIn) || (isPrivate(a) && answer(a, "anonym", "anonymous") === "nej" && !c.loggedIn),
    fields: {
      name: text({ maxLength: 100, autocomplete: "name" }),
      phone: phone(),
      email: email({ required: false }),
    },
  },
  {
    id: "kontakt",
    // Logged in: the name comes from the e-ID, the phone number from the reporter.
    when: (a, c) => c.loggedIn && (isProfessional(a) || isPrivate(a)),
    fields: { phone: phone(), email: email({ required: false }) },
  },
  { id: "om-vem", fields: { about: radio(["barn", "vuxen"]) } },
  {
    id: "barn",
    when: aboutChild,
    repeat: { min: 1, max: 8, titleField: "name" },
    fields: {
      name: text({ maxLength: 100 }),
      pnr: personnummer({ required: false }),
      birthDate: date({ required: false, notInFuture: true, maxYearsBack: 18 }),
      age: integer({ required: false, max: 17 }),
      address: text({ required: false, maxLength: 200 }),
      school: text({ required: false, maxLength: 150 }),
      language: text({ required: false, maxLength: 60 }),
      interpreter: radio(["ja", "nej", "vet-inte"], { required: false }),
    },
    check: (v) => (v.pnr || v.birthDate || v.age !== undefined ? [] : [{ field: "pnr", error: "required" }]),
  },
  {
    id: "vardnadshavare",
    when: aboutChild,
    repeat: { min: 0, max: 4, titleField: "name" },
    fields: {
      name: text({ maxLength: 100 }),
      relation: text({ required: false, maxLength: 60 }),
      phone: phone({ required: false }),
      address: text({ required: false, maxLength: 200 }),
    },
  },
  {
    id: "syskon",
    when: aboutChild,
    fields: { siblings: textarea({ required: false, maxLength: 1000 }) },
  },
  {
    id: "vuxen",
    when: aboutAdult,
    fields: {
      name: text({ maxLength: 100 }),
      pnr: personnummer({ required: false }),
      birthDate: date({ required: false, notInFuture: true }),
      address: text({ required: false, maxLength: 200 }),
      language: text({ required: false, maxLength: 60 }),
      interpreter: radio(["ja", "nej", "vet-inte"], { required: false }),
    },
  },
  { id: "omrade", when: aboutAdult, fields: { areas: checkboxes(adultAreas, { required: true }) } },
  {
    // An adult decides over their own life: whether they know, whether they agreed, and how to
    // reach them without putting them at risk (not at home, not on a shared phone).
    id: "vuxen-kannedom",
    when: aboutAdult,
    fields: {
      knows: radio(knowOptions),
      consent: radio(knowOptions),
      safeContact: textarea({ required: false, maxLength: 500 }),
      childrenAtHome: radio(knowOptions),
    },
  },
  {
    id: "oro",
    fields: {
      what: textarea({ maxLength: 5000 }),
      when: text({ maxLength: 200 }),
      source: radio(["sett", "hort", "berattat", "annat"]),
      howLong: text({ required: false, maxLength: 200 }),
      whyNow: textarea({ required: false, maxLength: 1000 }),
    },
  },
  {
    id: "barnet-nu",
    when: aboutChild,
    fields: {
      whereNow: text({ required: false, maxLength: 200 }),
      childKnows: radio(knowOptions),
      policeReport: radio(knowOptions),
    },
  },
  { id: "fara", fields: { danger: radio(["ja", "nej", "vet-inte"]) } },
  { id: "akut", when: (a): boolean => answer(a, "fara", "danger") === "ja", fields: {}, notice: "acute" },
  {
    id: "vardnadshavare-vet",
    when: aboutChild,
    fields: {
      guardiansKnow: radio(["ja", "nej", "vet-inte"]),
      whyNot: textarea({ required: false, maxLength: 1000 }),
    },
  },
  {
    // Only for a professional's report about a child: the meeting social services may call with
    // the child, the guardians and the reporter, and återkoppling, which is given on request.
    id: "aterkoppling",
    when: (a) => isProfessional(a) && aboutChild(a),
    fields: { meeting: radio(knowOptions), feedback: radio(["ja", "nej"]) },
  },
  { id: "heder", fields: { honour: radio(["ja", "nej", "vet-inte"]) } },
  { id: "kommunen", fields: { ownStaff: radio(["ja", "nej"]) } },
  { id: "bilagor", fields: {} },
] as const satisfies readonly StepDef[];
/** The steps' literal type, which the answer accessors are checked against. */
export type OrosanmalanSteps = typeof steps;

export const orosanmalan: EServiceDefinition = {
  id: "orosanmalan",
  // 2: the adult path's own questions, what units ask of every report, and återkoppling on request.
  version: 2,
  earlierVersions: [{ version: 1, steps: version1Steps }],
  slug: "orosanmalan",
  referencePrefix: "OA",
  access: "anonymous-allowed",
  // Offered only without a login: the audit log's login event, seconds before the report, would
  // tie them to it (docs/decisions/013-hardening-and-anonymity.md).
  anonymous: (a) => isPrivate(a) && answer(a, "anonym", "anonymous") === "ja",
  toldOutcome: outcomeEntitlement,
  receiptNext: (a) => (aboutAdult(a) ? "nextAdult" : "next"),
  steps,
  documents: {
    stepId: "bilagor",
    rules: [{ id: "bilaga", when: () => true, reusable: false, optional: true }],
  },
  route(answers, context): Routing {
    const flags: Routing["flags"] = [];
    const acute = answer(answers, "fara", "danger") === "ja";
    if (acute) flags.push("acute");
    if (answer(answers, "heder", "honour") === "ja") flags.push("honour_related");
    if (answer(answers, "kommunen", "ownStaff") === "ja") flags.push("concerns_own_staff");
    if (context.protectedIdentity) flags.push("protected_identity");
    const restricted = flags.some((f) => f !== "acute");
    return {
      queue: restricted ? "skyddad" : aboutChild(answers) ? "mottagning-barn-unga" : "mottagning-vuxna",
      priority: acute ? priorities.acute : priorities.normal,
      flags,
    };
  },
  // The categories the committee's follow-up needs (./figures.ts), in the same transaction.
  onSubmit: recordReportStatistics,
  // A logged-in reporter's own number and address (the "kontakt" step); an anonymous one has no Mina sidor.
  errandContact: (answers) => contactFromStep(answers, "kontakt"),
  retention: { afterRegistrationDays: 30 },
};
