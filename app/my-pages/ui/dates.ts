import { intlLocale, isLanguageCode } from "~/i18n/languages";

/** Dates and times as the social services write them, in Swedish time, in the reader's language. */
export function dateFormatters(language: string) {
  const locale = intlLocale(isLanguageCode(language) ? language : "sv");
  const tz = "Europe/Stockholm";
  return {
    date: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: tz }).format(new Date(iso)),
    dateTime: (iso: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: tz }).format(new Date(iso)),
  };
}
