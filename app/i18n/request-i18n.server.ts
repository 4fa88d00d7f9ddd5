import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { i18nOptions } from "./i18n";
import { defaultLanguage, type LanguageCode } from "./languages";
import { allNamespaces as namespaces } from "~/e-services/registry";
import { moduleTexts } from "~/e-services/registry.server";
import { resources } from "./resources.server";

/**
 * One initialised i18next per language, shared by every request in that language. Building one
 * per request with every language's resources cost a large share of a page's CPU and garbage.
 * Sharing is safe because nothing changes an instance after it is made: the server never calls
 * changeLanguage or adds resources, and an instance holds translations only, the same for everyone.
 */
const instances = new Map<LanguageCode, Promise<I18n>>();

export function i18nFor(language: LanguageCode): Promise<I18n> {
  let instance = instances.get(language);
  if (!instance) {
    const i18n = createInstance();
    instance = i18n
      .use(initReactI18next)
      .init({
        ...i18nOptions,
        lng: language,
        ns: [...namespaces],
        // The language itself and the fallback for a missing key: nothing else is ever read.
        resources: {
          [language]: { ...resources[language]!, ...moduleTexts(language) },
          [defaultLanguage]: { ...resources[defaultLanguage]!, ...moduleTexts(defaultLanguage) },
        },
      })
      .then(() => i18n);
    instances.set(language, instance);
  }
  return instance;
}
