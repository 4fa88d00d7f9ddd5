import { intlLocale, isLanguageCode } from "~/i18n/languages";
import { TIME_ZONE } from "~/municipality/time";

/** Dates and times in the reader's language, Western digits, the unit's time zone. */
export function timeFormats(language: string) {
  const locale = intlLocale(isLanguageCode(language) ? language : "sv");
  // The 24-hour clock of the unit's letters and the rest of the portal: Arabic's and Somali's
  // 12-hour day-half letters (ص/م) also turned a range in a left-to-right isolate back to front.
  const time = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  });
  const day = new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const long = new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: TIME_ZONE,
  });
  return {
    /** "10:00–11:00" */
    range(startsAt: string, minutes: number) {
      const start = new Date(startsAt);
      return `${time.format(start)}–${time.format(new Date(start.getTime() + minutes * 60_000))}`;
    },
    /** A YYYY-MM-DD day key: "tisdag 3 mars". */
    day: (key: string) => day.format(new Date(`${key}T12:00:00Z`)),
    /** "tisdag 3 mars 2026" */
    date: (startsAt: string) => long.format(new Date(startsAt)),
  };
}
