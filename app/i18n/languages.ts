/**
 * The languages the portal speaks. `code` is what URLs, cookies and locales/ use;
 * `htmlLang` is the BCP 47 tag for <html lang> (easy-to-read Swedish is Swedish).
 */
export const languages = [
  { code: "sv", htmlLang: "sv", dir: "ltr", name: "Svenska" },
  { code: "lattlast", htmlLang: "sv", dir: "ltr", name: "Lättläst svenska" },
  { code: "en", htmlLang: "en", dir: "ltr", name: "English" },
  { code: "ar", htmlLang: "ar", dir: "rtl", name: "العربية" },
  { code: "fa", htmlLang: "fa", dir: "rtl", name: "فارسی" },
  { code: "so", htmlLang: "so", dir: "ltr", name: "Soomaali" },
  { code: "fi", htmlLang: "fi", dir: "ltr", name: "Suomi" },
] as const;

export type Language = (typeof languages)[number];
export type LanguageCode = Language["code"];

export const defaultLanguage: LanguageCode = "sv";
export const languageCodes = languages.map((l) => l.code) as LanguageCode[];

export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === "string" && (languageCodes as string[]).includes(value);
}

export function languageOf(code: string): Language {
  return languages.find((l) => l.code === code) ?? languages[0];
}

/**
 * The locale Intl formatters use for a language: its own words, but the Gregorian calendar
 * and Western digits in every language, so dates and times match the letters and
 * phone calls a person gets from the social services.
 */
export function intlLocale(code: LanguageCode): string {
  return `${languageOf(code).htmlLang}-u-ca-gregory-nu-latn`;
}
