import { useTranslation } from "react-i18next";
import { intlLocale, isLanguageCode } from "~/i18n/languages";
import { TIME_ZONE as timeZone } from "~/municipality/time";

/**
 * Numbers, shares, dates and durations as staff read them, in their language, with Western
 * digits and Swedish time (the municipality's) on the 24-hour clock, as residents' pages and the
 * unit's letters: a 12-hour day-half letter (Arabic ص) turned time ranges back to front.
 */
export function useStaffFormat() {
  const { t, i18n } = useTranslation("staff");
  const locale = intlLocale(isLanguageCode(i18n.language) ? i18n.language : "sv");
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  return {
    number: (n: number | null | undefined) => (n === null || n === undefined ? "–" : number.format(n)),
    percent: (share: number | null | undefined) =>
      share === null || share === undefined ? "–" : percent.format(share),
    dateTime: (iso: string | null | undefined) =>
      iso
        ? new Intl.DateTimeFormat(locale, {
            dateStyle: "medium",
            timeStyle: "short",
            hourCycle: "h23",
            timeZone,
          }).format(new Date(iso))
        : "–",
    date: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(iso)) : "–",
    time: (iso: string) =>
      new Intl.DateTimeFormat(locale, { timeStyle: "short", hourCycle: "h23", timeZone }).format(new Date(iso)),
    month: (month: string) =>
      new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(
        new Date(`${month}-01T00:00:00Z`),
      ),
    monthLong: (month: string) =>
      new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
        new Date(`${month}-01T00:00:00Z`),
      ),
    /** Minutes as "45 min", "3,5 h" or "2,1 d". */
    duration: (minutes: number | null | undefined) => {
      if (minutes === null || minutes === undefined) return "–";
      if (minutes < 90) return t("units.minutes", { value: number.format(Math.round(minutes)) });
      if (minutes < 48 * 60) return t("units.hours", { value: number.format(minutes / 60) });
      return t("units.days", { value: number.format(minutes / 1440) });
    },
  };
}
