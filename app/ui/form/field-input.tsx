import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldView } from "~/intake/view";
import { intlLocale, isLanguageCode } from "~/i18n/languages";
import { CharacterCountStatus, useCharacterCount } from "./character-count";

/**
 * One question, drawn the GOV.UK way: label (or legend), hint, error message, input; the input
 * points at hint and error with aria-describedby and says aria-invalid when refused.
 * Texts come from the service's namespace: fields.<step>.<field>.{label,hint,options,errors}.
 */

export interface FieldTexts {
  label: string;
  hint?: string;
  option(value: string): string;
  error?: string;
}

/** Figures in an error message as the language writes them ("5 000" in Swedish). */
function readableParams(params: Record<string, string | number> | undefined, language: string) {
  if (!params) return params;
  const format = new Intl.NumberFormat(intlLocale(isLanguageCode(language) ? language : "sv"));
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "number" ? format.format(v) : v]));
}

export function useFieldTexts(namespace: string, stepId: string, field: FieldView): FieldTexts {
  const { t, i18n } = useTranslation([namespace, "forms"]);
  const base = `${namespace}:fields.${stepId}.${field.name}`;
  const own = (key: string) => i18n.exists(`${base}.${key}`);
  const monthName = (value: string) => {
    const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
    return new Intl.DateTimeFormat(intlLocale(language), { month: "long", year: "numeric", timeZone: "UTC" }).format(
      new Date(`${value}-01T00:00:00Z`),
    );
  };
  return {
    label: t(`${base}.label`),
    hint: own("hint") ? t(`${base}.hint`) : undefined,
    option: (value) =>
      field.optionLabels?.[value] ??
      (field.kind === "month"
        ? monthName(value)
        : own(`options.${value}`)
          ? t(`${base}.options.${value}`)
          : t(`forms:options.${value}`)),
    error: field.error
      ? own(`errors.${field.error.code}`)
        ? t(`${base}.errors.${field.error.code}`, readableParams(field.error.params, i18n.language))
        : t(`forms:errors.${field.error.code}`, readableParams(field.error.params, i18n.language))
      : undefined,
  };
}

export const fieldId = (name: string, prefix = "f") => `${prefix}-${name}`;

/** Where the error summary links to: the field's first input. */
export function firstInputId(field: FieldView, prefix = "f") {
  return field.kind === "date" ? `${fieldId(field.name, prefix)}-day` : fieldId(field.name, prefix);
}

function describedBy(id: string, texts: FieldTexts) {
  return [texts.hint ? `${id}-hint` : null, texts.error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function Hint({ id, texts }: { id: string; texts: FieldTexts }) {
  return texts.hint ? (
    <div id={`${id}-hint`} className="hint">
      {texts.hint}
    </div>
  ) : null;
}

function ErrorMessage({ id, texts }: { id: string; texts: FieldTexts }) {
  const { t } = useTranslation("forms");
  return texts.error ? (
    <p id={`${id}-error`} className="error-message">
      <span className="visually-hidden">{t("errorPrefix")}</span> {texts.error}
    </p>
  ) : null;
}

/** A label, or on a one-question page the page heading wrapping the label (GOV.UK's pattern). */
function Label({
  htmlFor,
  text,
  asHeading,
  optional,
}: {
  htmlFor: string;
  text: string;
  asHeading: boolean;
  optional: ReactNode;
}) {
  const label = (
    <label htmlFor={htmlFor} className={asHeading ? "label label-heading" : "label"}>
      {text}
      {optional}
    </label>
  );
  return asHeading ? <h1 className="label-wrapper">{label}</h1> : label;
}

function Group({ error, children }: { error: boolean; children: ReactNode }) {
  return <div className={`form-group${error ? " form-group-error" : ""}`}>{children}</div>;
}

const single = (field: FieldView, name = field.name) => {
  const value = field.values[name];
  return typeof value === "string" ? value : "";
};

/** A textarea with its limit stated and, with JavaScript, counted as the person types or pastes. */
function LongText({
  id,
  field,
  texts,
  invalid,
}: {
  id: string;
  field: FieldView;
  texts: FieldTexts;
  invalid: true | undefined;
}) {
  const count = useCharacterCount(field.maxLength ?? 0, single(field));
  const limited = field.maxLength !== undefined;
  return (
    <>
      {limited ? (
        <div id={`${id}-limit`} className="hint">
          {count.limit}
        </div>
      ) : null}
      <textarea
        id={id}
        name={field.name}
        className="textarea"
        rows={6}
        defaultValue={single(field)}
        onInput={limited ? count.onInput : undefined}
        aria-describedby={[describedBy(id, texts), limited ? `${id}-limit ${id}-count` : null]
          .filter(Boolean)
          .join(" ")}
        aria-invalid={invalid}
      />
      {limited ? <CharacterCountStatus id={`${id}-count`} status={count.status} /> : null}
    </>
  );
}

export function FieldInput({
  namespace,
  stepId,
  field,
  asHeading = false,
  prefix = "f",
}: {
  namespace: string;
  stepId: string;
  field: FieldView;
  /** A page with one question uses its label as the page heading. */
  asHeading?: boolean;
  prefix?: string;
}) {
  const texts = useFieldTexts(namespace, stepId, field);
  const { t } = useTranslation("forms");
  const id = fieldId(field.name, prefix);
  const invalid = texts.error ? true : undefined;
  const label = asHeading ? <h1 className="legend-heading-text">{texts.label}</h1> : texts.label;
  const optional = field.required ? null : <span className="optional"> {t("optional")}</span>;

  switch (field.kind) {
    case "radio":
    case "checkboxes": {
      const type = field.kind === "radio" ? "radio" : "checkbox";
      const selected = field.values[field.name];
      const isChecked = (value: string) => (Array.isArray(selected) ? selected.includes(value) : selected === value);
      return (
        <Group error={!!texts.error}>
          <fieldset className="fieldset" aria-describedby={describedBy(id, texts)}>
            <legend className={asHeading ? "legend-heading" : "legend"}>
              {label}
              {optional}
            </legend>
            <Hint id={id} texts={texts} />
            <ErrorMessage id={id} texts={texts} />
            <div className={field.kind === "radio" ? "radios" : "checkboxes"}>
              {field.options!.map((option, i) => {
                const optionId = i === 0 ? id : `${id}-${i}`;
                return (
                  <div className="choice" key={option}>
                    <input
                      type={type}
                      id={optionId}
                      name={field.name}
                      value={option}
                      defaultChecked={isChecked(option)}
                      aria-invalid={invalid}
                    />
                    <label htmlFor={optionId}>{texts.option(option)}</label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </Group>
      );
    }
    case "date": {
      const parts = ["day", "month", "year"] as const;
      return (
        <Group error={!!texts.error}>
          <fieldset className="fieldset" role="group" aria-describedby={describedBy(id, texts)}>
            <legend className={asHeading ? "legend-heading" : "legend"}>
              {label}
              {optional}
            </legend>
            <Hint id={id} texts={texts} />
            <ErrorMessage id={id} texts={texts} />
            <div className="date-input">
              {parts.map((part) => (
                <div className="date-part" key={part}>
                  <label htmlFor={`${id}-${part}`}>{t(`date.${part}`)}</label>
                  <input
                    id={`${id}-${part}`}
                    name={`${field.name}-${part}`}
                    className={`input width-${part === "year" ? 4 : 2}`}
                    inputMode="numeric"
                    autoComplete={field.autocomplete ? `${field.autocomplete}-${part}` : "off"}
                    defaultValue={single(field, `${field.name}-${part}`)}
                    aria-invalid={invalid}
                  />
                </div>
              ))}
            </div>
          </fieldset>
        </Group>
      );
    }
    case "select":
    case "month":
    case "unit":
      return (
        <Group error={!!texts.error}>
          <Label htmlFor={id} text={texts.label} asHeading={asHeading} optional={optional} />
          <Hint id={id} texts={texts} />
          <ErrorMessage id={id} texts={texts} />
          <select
            id={id}
            name={field.name}
            className="select"
            defaultValue={single(field)}
            aria-describedby={describedBy(id, texts)}
            aria-invalid={invalid}
          >
            <option value="">{t("choose")}</option>
            {field.options!.map((option) => (
              <option key={option} value={option}>
                {texts.option(option)}
              </option>
            ))}
          </select>
        </Group>
      );
    case "textarea":
      return (
        <Group error={!!texts.error}>
          <Label htmlFor={id} text={texts.label} asHeading={asHeading} optional={optional} />
          <Hint id={id} texts={texts} />
          <ErrorMessage id={id} texts={texts} />
          <LongText id={id} field={field} texts={texts} invalid={invalid} />
        </Group>
      );
    default: {
      const inputMode =
        field.kind === "amount" || field.kind === "integer" || field.kind === "personnummer" ? "numeric" : undefined;
      const type = field.kind === "email" ? "email" : field.kind === "phone" ? "tel" : "text";
      const width =
        field.width ??
        (field.kind === "amount" || field.kind === "integer"
          ? "short"
          : field.kind === "personnummer"
            ? "medium"
            : "long");
      return (
        <Group error={!!texts.error}>
          <Label htmlFor={id} text={texts.label} asHeading={asHeading} optional={optional} />
          <Hint id={id} texts={texts} />
          <ErrorMessage id={id} texts={texts} />
          <div className="input-wrapper">
            <input
              id={id}
              name={field.name}
              type={type}
              className={`input width-${width}`}
              inputMode={inputMode}
              autoComplete={field.autocomplete ?? "off"}
              spellCheck={field.kind === "text" ? undefined : false}
              maxLength={field.maxLength}
              defaultValue={single(field)}
              aria-describedby={describedBy(id, texts)}
              aria-invalid={invalid}
            />
            {field.suffix ? (
              <span className="input-suffix" aria-hidden="true">
                {field.suffix}
              </span>
            ) : null}
          </div>
        </Group>
      );
    }
  }
}
