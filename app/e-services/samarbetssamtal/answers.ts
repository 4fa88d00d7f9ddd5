import type { AnswersSoFar } from "~/intake/fields";
import { answerOf } from "~/intake/typed-answers";
import type { SamarbetssamtalSteps } from "./definition.server";
import { minutesNeeded, type SlotMode, type TalkKind } from "./slots";

/** What a parent's answers say about the talk they can book. */
export interface Needs {
  kind: TalkKind;
  role: "begaran" | "inbjuden";
  /** Physical or digital slots. */
  mode: SlotMode;
  /** Protected personal data or protected housing, as the parent answered. */
  protectedAnswer: boolean;
  interpreter: boolean;
  minMinutes: number;
  /** "ja" only when the parent said it feels safe to meet the other parent together. */
  safe: "ja" | "nej" | "vet-inte" | undefined;
}

/** Checked against the current steps; hooks read answers of every version still stored (decision 021). */
export const answer = answerOf<SamarbetssamtalSteps>();

// The predicates the steps use say `: boolean`: their type must not depend on the steps' own.
export const isInvitee = (answers: AnswersSoFar): boolean => answer(answers, "samtal", "role") === "inbjuden";
/** A request for cooperation talks, not the informationssamtal before going to court. */
export const wantsCooperationTalks = (answers: AnswersSoFar): boolean =>
  answer(answers, "samtal", "kind") !== "informationssamtal";
export const saidProtected = (answers: AnswersSoFar): boolean => answer(answers, "skydd", "protected") === "ja";

export function needsFromAnswers(answers: AnswersSoFar): Needs {
  const interpreter = answer(answers, "tolk", "interpreter") === "ja";
  const protectedAnswer = saidProtected(answers);
  const mode = protectedAnswer ? answer(answers, "motesform", "protectedMode") : answer(answers, "motesform", "mode");
  const safe = answer(answers, "trygghet", "safe");
  return {
    kind: answer(answers, "samtal", "kind") === "informationssamtal" ? "informationssamtal" : "samarbetssamtal",
    role: isInvitee(answers) ? "inbjuden" : "begaran",
    // "annan-plats": a physical talk at a place the unit gives by phone, never an address on screen.
    mode: mode === "digitalt" ? "digitalt" : "fysiskt",
    protectedAnswer,
    interpreter,
    minMinutes: minutesNeeded(interpreter),
    safe: safe === "ja" || safe === "nej" || safe === "vet-inte" ? safe : undefined,
  };
}

/** How the other parent is invited: by e-mail or SMS when the requester gave an address, else by letter. */
export function invitationChannel(answers: AnswersSoFar): "email" | "sms" | "letter" {
  if (answer(answers, "annan-foralder", "email")) return "email";
  if (answer(answers, "annan-foralder", "phone")) return "sms";
  return "letter";
}
