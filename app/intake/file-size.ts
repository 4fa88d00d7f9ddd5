import { intlLocale, type LanguageCode } from "../i18n/languages";

/** Built once per language: Intl formatters are expensive to create (ENGINEERING.md). */
const formatters = new Map<LanguageCode, Intl.NumberFormat>();

/** A file's size in whole kilobytes (at least 1), written the reader's way ("12 kB", "١٢ ك.ب"). */
export function formatFileSize(bytes: number, language: LanguageCode): string {
  let format = formatters.get(language);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(language), { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 });
    formatters.set(language, format);
  }
  return format.format(Math.max(1, Math.ceil(bytes / 1024)));
}
