import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { weekdays, WEEK_FIELDS, type WeekField } from "../week-input";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type { SlotsPageData } from "./pages.server";

const SS = "samarbetssamtal";
const id = (field: WeekField) => `w-${field}`;

function useWeekErrors(week: SlotsPageData["week"]) {
  const { t } = useTranslation("staff");
  const message = (field: WeekField) => {
    const code = week?.errors[field];
    return code ? t(`slots.week.errors.${field}.${code}`) : null;
  };
  return { message, problems: WEEK_FIELDS.filter((field) => message(field)) };
}

/** The week form's error summary, shown at the top of the page after a refused post. */
export function WeekErrorSummary({ week }: { week: SlotsPageData["week"] }) {
  const { message, problems } = useWeekErrors(week);
  if (!problems.length) return null;
  return (
    <ErrorSummary>
      {problems.map((field) => (
        <li key={field}>
          <a href={`#${id(field)}`}>{message(field)}</a>
        </li>
      ))}
    </ErrorSummary>
  );
}

/**
 * A normal week in one post, without JavaScript: weekdays, the day's hours with a break, one room,
 * over a date range. The server makes the talks (week-input.ts).
 */
export function WeekForm({ week }: { week: SlotsPageData["week"] }) {
  const { t } = useTranslation("staff");
  const { message } = useWeekErrors(week);
  const values = week?.values ?? {};
  const chosen = (values.weekdays ?? "1,2,3,4,5").split(",");
  const describedBy = (field: WeekField, hint: boolean) =>
    [hint ? `${id(field)}-hint` : null, message(field) ? `${id(field)}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  const error = (field: WeekField) =>
    message(field) ? (
      <p className="error-message" id={`${id(field)}-error`}>
        <span className="visually-hidden">{t("forms:errorPrefix")}</span> {message(field)}
      </p>
    ) : null;
  const group = (field: WeekField, label: string, control: ReactNode, hint?: string) => (
    <div className={`form-group${message(field) ? " form-group-error" : ""}`}>
      <label className="label" htmlFor={id(field)}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={`${id(field)}-hint`}>
          {hint}
        </div>
      ) : null}
      {error(field)}
      {control}
    </div>
  );
  const input = (field: WeekField, type: "date" | "time" | "text", width: string, hint = false) => (
    <input
      className={`input ${width}`}
      type={type}
      id={id(field)}
      name={field}
      inputMode={field === "minutes" ? "numeric" : undefined}
      defaultValue={values[field] ?? (field === "minutes" ? "60" : undefined)}
      aria-describedby={describedBy(field, hint)}
      aria-invalid={message(field) ? true : undefined}
    />
  );

  return (
    <section aria-labelledby="week-h">
      <h2 id="week-h">{t("slots.week.title")}</h2>
      <p>{t("slots.week.intro")}</p>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="publish-week" />
        {group("from", t("slots.week.from"), input("from", "date", "width-medium"))}
        {group("to", t("slots.week.to"), input("to", "date", "width-medium", true), t("slots.week.toHint"))}
        <div className={`form-group${message("weekdays") ? " form-group-error" : ""}`}>
          <fieldset className="fieldset" aria-describedby={message("weekdays") ? `${id("weekdays")}-error` : undefined}>
            <legend className="legend">{t("slots.week.weekdays")}</legend>
            {error("weekdays")}
            <div className="checkboxes">
              {weekdays.map((day, i) => (
                <div className="choice" key={day}>
                  <input
                    type="checkbox"
                    id={i === 0 ? id("weekdays") : `${id("weekdays")}-${day}`}
                    name="weekdays"
                    value={day}
                    defaultChecked={chosen.includes(day)}
                  />
                  <label htmlFor={i === 0 ? id("weekdays") : `${id("weekdays")}-${day}`}>
                    {t(`slots.week.days.${day}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        {group("dayStart", t("slots.week.dayStart"), input("dayStart", "time", "width-short"))}
        {group("dayEnd", t("slots.week.dayEnd"), input("dayEnd", "time", "width-short"))}
        {group(
          "breakStart",
          t("slots.week.breakStart"),
          input("breakStart", "time", "width-short", true),
          t("slots.week.breakHint"),
        )}
        {group("breakEnd", t("slots.week.breakEnd"), input("breakEnd", "time", "width-short"))}
        {group(
          "minutes",
          t(`${SS}:staff.fields.minutes.label`),
          input("minutes", "text", "width-short", true),
          t(`${SS}:staff.fields.minutes.hint`),
        )}
        {group(
          "kind",
          t(`${SS}:staff.fields.kind.label`),
          <select className="select" id={id("kind")} name="kind" defaultValue={values.kind ?? "samarbetssamtal"}>
            <option value="samarbetssamtal">{t(`${SS}:fields.samtal.kind.options.samarbetssamtal`)}</option>
            <option value="informationssamtal">{t(`${SS}:fields.samtal.kind.options.informationssamtal`)}</option>
          </select>,
        )}
        {group(
          "mode",
          t(`${SS}:staff.fields.mode.label`),
          <select className="select" id={id("mode")} name="mode" defaultValue={values.mode ?? "fysiskt"}>
            <option value="fysiskt">{t(`${SS}:fields.motesform.mode.options.fysiskt`)}</option>
            <option value="digitalt">{t(`${SS}:fields.motesform.mode.options.digitalt`)}</option>
          </select>,
        )}
        {group(
          "location",
          t(`${SS}:staff.fields.location.label`),
          input("location", "text", "width-long", true),
          t(`${SS}:staff.fields.location.hint`),
        )}
        <button type="submit" className="button">
          {t("slots.week.submit")}
        </button>
      </Form>
    </section>
  );
}
