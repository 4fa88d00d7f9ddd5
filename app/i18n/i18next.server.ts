import { RemixI18Next } from "remix-i18next/server";
import { i18nOptions } from "./i18n";
import { languageCookie } from "./language-cookie.server";
import { defaultLanguage, isLanguageCode, languageCodes, type LanguageCode } from "./languages";
import { resources } from "./resources.server";

export const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: languageCodes,
    fallbackLanguage: defaultLanguage,
    cookie: languageCookie,
    searchParamKey: "lng",
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...i18nOptions, resources },
});

/** The language of a request: ?lng=, else the cookie, else Accept-Language, else Swedish. */
export async function languageOfRequest(request: Request): Promise<LanguageCode> {
  const found = await i18next.getLocale(request);
  return isLanguageCode(found) ? found : defaultLanguage;
}
