import type { AnswersSoFar } from "./fields";

/** The phone number and e-mail address a person gave in one errand. */
export interface ErrandContact {
  email?: string;
  phone?: string;
}

/** The `phone` and `email` answers of one step (e.g. "kontakt"), those that were given. */
export function contactFromStep(answers: AnswersSoFar, stepId: string): ErrandContact {
  const step = answers[stepId] ?? {};
  const given = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);
  const email = given(step.email);
  const phone = given(step.phone);
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}
