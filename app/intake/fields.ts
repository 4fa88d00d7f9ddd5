import { z } from "zod";
import { parseIdentityNumber } from "../auth/personnummer";
import type { Unit } from "../municipality/municipality";

/**
 * The question types an e-service is built from. Each field knows how to read itself from a
 * posted form (server-side, the only validation that counts), the zod schema of the value it
 * produces (for stored answers and the robot's published JSON Schema), and how it is drawn.
 * Labels, hints, options and error messages live in locales/, keyed by service, step and field.
 */

export type FormInput = Pick<URLSearchParams, "get" | "getAll">;

export interface FieldContext {
  today: Date;
  /** The municipality's schools and preschools, for the unit question. */
  units: readonly Unit[];
}

/** Why an answer was refused; each code has a message in locales/<lang>/forms.json. */
export type FieldError =
  | "required"
  | "too_long"
  | "not_an_option"
  | "date_invalid"
  | "date_future"
  | "date_too_old"
  | "month_out_of_range"
  | "amount_invalid"
  | "amount_too_large"
  | "integer_invalid"
  | "pnr_invalid"
  | "email_invalid"
  | "phone_invalid";

export type Parsed<T> =
  { ok: true; value: T | undefined } | { ok: false; error: FieldError; params?: Record<string, string | number> };

interface FieldBase<T> {
  required: boolean;
  /** The value's shape once accepted. */
  schema: z.ZodType<T>;
  parse(input: FormInput, name: string, ctx: FieldContext): Parsed<T>;
  /** The field's raw inputs, to show back what was typed when the page has errors. */
  inputNames(name: string): string[];
  /** Shown only when earlier answers call for it. */
  when?: (answers: AnswersSoFar) => boolean;
}

/** Everything answered on earlier steps, by step id and field id. */
export type AnswersSoFar = Record<string, Record<string, unknown> | undefined>;

export type TextField = FieldBase<string> & {
  kind: "text" | "textarea" | "email" | "phone";
  maxLength: number;
  autocomplete?: string;
  width?: "short" | "medium" | "long";
};
export type ChoiceField<O extends string = string> = FieldBase<O> & { kind: "radio" | "select"; options: readonly O[] };
export type ChecksField<O extends string = string> = FieldBase<O[]> & { kind: "checkboxes"; options: readonly O[] };
export type DateField = FieldBase<string> & { kind: "date"; autocomplete?: "bday" };
export type MonthField = FieldBase<string> & { kind: "month"; monthsBack: number; monthsAhead: number };
export type NumberField = FieldBase<number> & { kind: "amount" | "integer"; max: number; suffix?: "kr" };
export type PersonnummerField = FieldBase<string> & { kind: "personnummer" };
/** One of the municipality's units of the types asked for, or "annan" (named in free text). */
export type UnitField = FieldBase<string> & { kind: "unit"; unitTypes: (answers: AnswersSoFar) => Unit["type"][] };

export type Field =
  TextField | ChoiceField | ChecksField | DateField | MonthField | NumberField | PersonnummerField | UnitField;

export type ValueOf<F> = F extends FieldBase<infer T> ? T : never;

type Options<T> = { required?: boolean; when?: (answers: AnswersSoFar) => boolean } & T;

const single = (name: string) => [name];
const trimmed = (input: FormInput, name: string) => (input.get(name) ?? "").trim();

function textLike(
  kind: TextField["kind"],
  maxLength: number,
  check: ((value: string) => FieldError | null) | null,
  options: Options<{ autocomplete?: string; width?: TextField["width"]; maxLength?: number }>,
): TextField {
  const max = options.maxLength ?? maxLength;
  return {
    kind,
    required: options.required ?? true,
    when: options.when,
    maxLength: max,
    autocomplete: options.autocomplete,
    width: options.width,
    schema: z.string().max(max),
    inputNames: single,
    parse(input, name) {
      // Line endings arrive as \r\n from browsers; counted once, as a person sees them.
      const value = trimmed(input, name).replace(/\r\n/g, "\n");
      if (!value) return this.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
      if (value.length > max) return { ok: false, error: "too_long", params: { max, length: value.length } };
      const error = check?.(value);
      return error ? { ok: false, error } : { ok: true, value };
    },
  };
}

export const text = (o: Options<{ autocomplete?: string; width?: TextField["width"]; maxLength?: number }> = {}) =>
  textLike("text", 200, null, o);

export const textarea = (o: Options<{ maxLength?: number }> = {}) => textLike("textarea", 5000, null, o);

export const email = (o: Options<{ autocomplete?: string }> = {}) =>
  textLike("email", 254, (v) => (z.email().safeParse(v).success ? null : "email_invalid"), {
    autocomplete: "email",
    ...o,
  });

export const phone = (o: Options<{ autocomplete?: string }> = {}) =>
  textLike("phone", 30, (v) => (/^\+?[\d\s()-]{6,25}$/.test(v) ? null : "phone_invalid"), {
    autocomplete: "tel",
    width: "medium",
    ...o,
  });

export function radio<const O extends string>(
  options: readonly O[],
  o: Options<{ kind?: "radio" | "select" }> = {},
): ChoiceField<O> {
  return {
    kind: o.kind ?? "radio",
    options,
    required: o.required ?? true,
    when: o.when,
    schema: z.enum(options as unknown as [O, ...O[]]) as unknown as z.ZodType<O>,
    inputNames: single,
    parse(input, name) {
      const value = trimmed(input, name);
      if (!value) return this.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
      return (options as readonly string[]).includes(value)
        ? { ok: true, value: value as O }
        : { ok: false, error: "not_an_option" };
    },
  };
}

export const yesNo = (o: Options<object> = {}) => radio(["ja", "nej"] as const, o);

export function checkboxes<const O extends string>(options: readonly O[], o: Options<object> = {}): ChecksField<O> {
  return {
    kind: "checkboxes",
    options,
    required: o.required ?? false,
    when: o.when,
    schema: z.array(z.enum(options as unknown as [O, ...O[]])) as unknown as z.ZodType<O[]>,
    inputNames: single,
    parse(input, name) {
      const values = [...new Set(input.getAll(name))];
      if (values.some((v) => !(options as readonly string[]).includes(v))) return { ok: false, error: "not_an_option" };
      if (values.length === 0) return this.required ? { ok: false, error: "required" } : { ok: true, value: [] };
      return { ok: true, value: values as O[] };
    },
  };
}

/** GOV.UK date input: day, month and year as three boxes. The value is an ISO date. */
export function date(
  o: Options<{ notInFuture?: boolean; maxYearsBack?: number; autocomplete?: "bday" }> = {},
): DateField {
  return {
    kind: "date",
    required: o.required ?? true,
    when: o.when,
    autocomplete: o.autocomplete,
    schema: z.iso.date(),
    inputNames: (name) => [`${name}-day`, `${name}-month`, `${name}-year`],
    parse(input, name, ctx) {
      const [d, m, y] = this.inputNames(name).map((n) => trimmed(input, n));
      if (!d && !m && !y) return this.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
      if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!))
        return { ok: false, error: "date_invalid" };
      const iso = `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
      const parsed = new Date(`${iso}T00:00:00Z`);
      if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso)
        return { ok: false, error: "date_invalid" };
      const today = ctx.today.toISOString().slice(0, 10);
      if (o.notInFuture && iso > today) return { ok: false, error: "date_future" };
      const oldest = `${ctx.today.getUTCFullYear() - (o.maxYearsBack ?? 130)}-01-01`;
      if (iso < oldest) return { ok: false, error: "date_too_old" };
      return { ok: true, value: iso };
    },
  };
}

/** The months a month field offers today, oldest first, as YYYY-MM. */
export function monthWindow(field: Pick<MonthField, "monthsBack" | "monthsAhead">, today: Date): string[] {
  const out: string[] = [];
  for (let i = -field.monthsBack; i <= field.monthsAhead; i++) {
    out.push(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + i, 1)).toISOString().slice(0, 7));
  }
  return out;
}

/** A month within a window around today (the month an application is for). */
export function month(o: Options<{ monthsBack: number; monthsAhead: number }>): MonthField {
  return {
    kind: "month",
    monthsBack: o.monthsBack,
    monthsAhead: o.monthsAhead,
    required: o.required ?? true,
    when: o.when,
    schema: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    inputNames: single,
    parse(input, name, ctx) {
      const value = trimmed(input, name);
      if (!value) return this.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
      return monthWindow(this, ctx.today).includes(value)
        ? { ok: true, value }
        : { ok: false, error: "month_out_of_range", params: { back: o.monthsBack, ahead: o.monthsAhead } };
    },
  };
}

function numberLike(kind: NumberField["kind"], o: Options<{ max: number }>): NumberField {
  return {
    kind,
    max: o.max,
    suffix: kind === "amount" ? "kr" : undefined,
    required: o.required ?? true,
    when: o.when,
    schema: z.number().int().min(0).max(o.max),
    inputNames: single,
    parse(input, name) {
      // "12 500", "12500 kr", "12 500,00": what people type for an amount in kronor.
      const raw = trimmed(input, name)
        .replace(/\s|\u00a0/g, "")
        .replace(/kr\.?$/i, "")
        .replace(/[,.]00$/, "");
      if (!raw) return this.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
      if (!/^\d{1,12}$/.test(raw))
        return { ok: false, error: kind === "amount" ? "amount_invalid" : "integer_invalid" };
      const value = Number(raw);
      if (value > o.max) return { ok: false, error: "amount_too_large", params: { max: o.max } };
      return { ok: true, value };
    },
  };
}

/** Whole kronor, never negative, with a stated upper limit. */
export const amount = (o: Options<{ max: number }>) => numberLike("amount", o);
export const integer = (o: Options<{ max: number }>) => numberLike("integer", o);

export function personnummer(o: Options<object> = {}): PersonnummerField {
  return {
    kind: "personnummer",
    required: o.required ?? true,
    when: o.when,
    schema: z.string().regex(/^\d{12}$/),
    inputNames: single,
    parse(input, name, ctx) {
      const value = trimmed(input, name);
      if (!value) return this.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
      const parsed = parseIdentityNumber(value, ctx.today);
      return parsed.ok ? { ok: true, value: parsed.value.normalized } : { ok: false, error: "pnr_invalid" };
    },
  };
}

export const OTHER_UNIT = "annan";

/** The units a unit field offers, given earlier answers. */
export function unitOptions(field: UnitField, answers: AnswersSoFar, units: readonly Unit[]): Unit[] {
  const types = field.unitTypes(answers);
  return units.filter((u) => types.includes(u.type));
}

export function unit(o: Options<{ unitTypes: (answers: AnswersSoFar) => Unit["type"][] }>): UnitField {
  return {
    kind: "unit",
    unitTypes: o.unitTypes,
    required: o.required ?? true,
    when: o.when,
    schema: z.string().regex(/^[a-z0-9-]{1,60}$/),
    inputNames: single,
    parse(input, name, ctx) {
      const value = trimmed(input, name);
      if (!value) return this.required ? { ok: false, error: "required" } : { ok: true, value: undefined };
      return value === OTHER_UNIT || ctx.units.some((u) => u.id === value)
        ? { ok: true, value }
        : { ok: false, error: "not_an_option" };
    },
  };
}
