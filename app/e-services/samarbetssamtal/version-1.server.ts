import type { StepDef } from "~/intake/definition";
import { answerOf } from "~/intake/typed-answers";
import { email, integer, personnummer, phone, radio, text, yesNo, type AnswersSoFar } from "~/intake/fields";

/**
 * Samarbetssamtal's questions as version 1 asked them, unchanged: requests sent then may still be in
 * the robot's queue, and the robot fetches their answers' JSON Schema by that version number. Only
 * the answers' shape is kept here; the talk and slot steps' behaviour lives in the current version.
 */

// Typed from these steps themselves; the predicates say `: boolean` so that type is not circular.
const answer = answerOf<typeof version1Steps>();
const isInvitee = (a: AnswersSoFar): boolean => answer(a, "samtal", "role") === "inbjuden";
const saidProtected = (a: AnswersSoFar): boolean => answer(a, "skydd", "protected") === "ja";

export const version1Steps = [
  {
    id: "samtal",
    fields: { kind: radio(["samarbetssamtal", "informationssamtal"]), role: radio(["begaran", "inbjuden"]) },
  },
  {
    id: "barn",
    repeat: { min: 1, max: 8, titleField: "name" },
    fields: {
      name: text({ maxLength: 100, autocomplete: "off" }),
      age: integer({ max: 17 }),
    },
  },
  {
    id: "annan-foralder",
    when: (a) => !isInvitee(a),
    fields: {
      name: text({ maxLength: 100, autocomplete: "off" }),
      pnr: personnummer({ required: false }),
      email: email({ required: false, autocomplete: "off" }),
      phone: phone({ required: false, autocomplete: "off" }),
    },
  },
  { id: "trygghet", fields: { safe: radio(["ja", "nej", "vet-inte"]) } },
  { id: "skydd", fields: { protected: yesNo() } },
  {
    id: "tolk",
    fields: { interpreter: yesNo(), language: text({ required: false, maxLength: 60 }) },
  },
  {
    id: "motesform",
    fields: {
      mode: radio(["digitalt", "fysiskt"], { when: (a) => !saidProtected(a) }),
      protectedMode: radio(["digitalt", "annan-plats"], { when: saidProtected }),
    },
  },
  { id: "kontakt", fields: { phone: phone(), email: email({ required: false }) } },
  {
    id: "tid",
    fields: {
      choice: radio(["tid", "gemensam", "ingen"]),
      time: text({ required: false, maxLength: 40 }),
    },
  },
] as const satisfies readonly StepDef[];
