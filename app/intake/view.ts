import { formatIdentityNumber } from "../auth/personnummer";
import type { StepDef } from "./definition";
import type { Unit } from "../municipality/municipality";
import type { AnswersSoFar, Field, FieldError } from "./fields";
import { monthWindow, OTHER_UNIT, unitOptions } from "./fields";
import { visibleFields, type FieldProblem } from "./journey";

/**
 * What a step page needs to draw itself: plain data, so the definitions (with their functions)
 * stay on the server and the browser gets only what it shows.
 */
export interface FieldView {
  name: string;
  kind: Field["kind"];
  required: boolean;
  options?: string[];
  /** Names for options that are not translated: the municipality's own units. */
  optionLabels?: Record<string, string>;
  maxLength?: number;
  autocomplete?: string;
  width?: string;
  suffix?: string;
  /** Input name → what the input shows: what was typed, or the saved answer as text. */
  values: Record<string, string | string[]>;
  error?: { code: FieldError; params?: Record<string, string | number> };
}

/** A saved answer as the text its inputs show. */
function valuesFromAnswer(name: string, field: Field, value: unknown): Record<string, string | string[]> {
  if (value === undefined || value === null) return {};
  switch (field.kind) {
    case "date": {
      const [y, m, d] = String(value).split("-");
      return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
    }
    case "checkboxes":
      return { [name]: value as string[] };
    case "personnummer":
      return { [name]: formatIdentityNumber(String(value)) };
    default:
      return { [name]: String(value) };
  }
}

/** Typed text, as validateFields kept it, back into input values (checkboxes are joined by \0). */
function valuesFromTyped(name: string, field: Field, typed: Record<string, string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const input of field.inputNames(name)) {
    const text = typed[input] ?? "";
    out[input] = field.kind === "checkboxes" ? (text ? text.split("\u0000") : []) : text;
  }
  return out;
}

export function fieldViews(
  step: StepDef,
  answers: AnswersSoFar,
  saved: Record<string, unknown> | undefined,
  context: { today: Date; units: readonly Unit[] },
  problems?: { problems: FieldProblem[]; typed: Record<string, string> },
): FieldView[] {
  const { today } = context;
  return visibleFields(step, answers).map(([name, field]) => {
    const problem = problems?.problems.find((p) => p.field === name);
    const units = field.kind === "unit" ? unitOptions(field, answers, context.units) : [];
    return {
      name,
      kind: field.kind,
      required: field.required,
      options:
        field.kind === "radio" || field.kind === "select" || field.kind === "checkboxes"
          ? [...field.options]
          : field.kind === "month"
            ? monthWindow(field, today)
            : field.kind === "unit"
              ? [...units.map((u) => u.id), OTHER_UNIT]
              : undefined,
      optionLabels: field.kind === "unit" ? Object.fromEntries(units.map((u) => [u.id, u.name])) : undefined,
      maxLength: "maxLength" in field ? field.maxLength : undefined,
      autocomplete: "autocomplete" in field ? field.autocomplete : undefined,
      width: "width" in field ? field.width : undefined,
      suffix: "suffix" in field ? field.suffix : undefined,
      values: problems ? valuesFromTyped(name, field, problems.typed) : valuesFromAnswer(name, field, saved?.[name]),
      error: problem ? { code: problem.error, params: problem.params } : undefined,
    };
  });
}
