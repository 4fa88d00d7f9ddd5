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
import type { AnswersSoFar } from "~/intake/fields";
import type { StepDef } from "~/intake/definition";
import { answerOf } from "~/intake/typed-answers";

/**
 * Orosanmälan's questions as version 1 asked them, unchanged: reports sent then may still be in the
 * robot's queue, and the robot fetches their answers' JSON Schema by that version number.
 */

const organisationTypes = [
  "forskola",
  "skola",
  "fritidshem",
  "halso-och-sjukvard",
  "tandvard",
  "polis",
  "socialtjanst",
  "annan",
] as const;
const adultAreas = ["missbruk", "vald-i-nara-relation", "lss", "socialpsykiatri", "annat"] as const;

// Typed from these steps themselves; the predicates say `: boolean` so that type is not circular.
const answer = answerOf<typeof version1Steps>();
const isProfessional = (a: AnswersSoFar): boolean => answer(a, "vem", "reporter") === "yrkesperson";
const isPrivate = (a: AnswersSoFar): boolean => answer(a, "vem", "reporter") === "privatperson";
const aboutChild = (a: AnswersSoFar): boolean => answer(a, "om-vem", "about") === "barn";
const aboutAdult = (a: AnswersSoFar): boolean => answer(a, "om-vem", "about") === "vuxen";
const schoolLike = (a: AnswersSoFar): boolean =>
  ["forskola", "skola", "fritidshem"].includes(String(answer(a, "arbetsplats", "organisation")));

export const version1Steps = [
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
    when: isPrivate,
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
    when: (a, c): boolean => c.loggedIn && (isProfessional(a) || answer(a, "anonym", "anonymous") === "nej"),
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
    id: "oro",
    fields: {
      what: textarea({ maxLength: 5000 }),
      when: text({ maxLength: 200 }),
      source: radio(["sett", "hort", "berattat", "annat"]),
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
  { id: "heder", fields: { honour: radio(["ja", "nej", "vet-inte"]) } },
  { id: "kommunen", fields: { ownStaff: radio(["ja", "nej"]) } },
  { id: "bilagor", fields: {} },
] as const satisfies readonly StepDef[];
