import type { TFunction } from "i18next";
import { formatIdentityNumber, maskIdentityNumber } from "../auth/personnummer";
import { intlLocale, type LanguageCode } from "../i18n/languages";
import type { Field } from "./fields";

/** An answer as a person reads it, in their language: option texts, dates, kronor. */
export function formatAnswer(
  kind: Field["kind"],
  value: unknown,
  options: {
    t: TFunction;
    language: LanguageCode;
    /** The field's translation base: "<service>:fields.<step>.<field>". */
    base: string;
    /** Numbers of other people are masked outside the check-your-answers page. */
    maskIdentityNumbers?: boolean;
  },
): string {
  const { t, language, base } = options;
  const locale = intlLocale(language);
  const option = (v: string) => t([`${base}.options.${v}`, `forms:options.${v}`]);
  if (value === undefined || value === null || value === "") return "–";
  switch (kind) {
    case "radio":
    case "select":
      return option(String(value));
    case "checkboxes":
      return (value as string[]).length ? (value as string[]).map(option).join("\n") : t("forms:none");
    case "date":
      return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(`${value}T00:00:00Z`),
      );
    case "month":
      return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
        new Date(`${value}-01T00:00:00Z`),
      );
    case "amount":
      return `${new Intl.NumberFormat(locale).format(Number(value))} kr`;
    case "integer":
      return new Intl.NumberFormat(locale).format(Number(value));
    case "personnummer":
      return options.maskIdentityNumbers ? maskIdentityNumber(String(value)) : formatIdentityNumber(String(value));
    default:
      return String(value);
  }
}
