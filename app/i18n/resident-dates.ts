import { TIME_ZONE } from "~/municipality/time";
import { dateTimeFormat } from "./intl-formats";
import { intlLocale, isLanguageCode } from "./languages";

/**
 * Dates and times as the social services write them to residents: the municipality's time, in the
 * reader's language, on the 24-hour clock in every language, as booked times and the unit's
 * letters are (a 12-hour day-half letter, Arabic ص, reads back to front beside a time range).
 */
export function residentDates(language: string) {
  const locale = intlLocale(isLanguageCode(language) ? language : "sv");
  return {
    date: (at: string | Date) =>
      dateTimeFormat(locale, { dateStyle: "long", timeZone: TIME_ZONE }).format(new Date(at)),
    dateTime: (at: string | Date) =>
      dateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", hourCycle: "h23", timeZone: TIME_ZONE }).format(
        new Date(at),
      ),
  };
}
