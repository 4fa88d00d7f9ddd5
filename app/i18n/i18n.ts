import type { InitOptions } from "i18next";
import { defaultLanguage, languageCodes } from "./languages";
import { defaultNamespace } from "./namespaces";

/** Options shared by the server's and the browser's i18next. */
export const i18nOptions = {
  supportedLngs: languageCodes,
  fallbackLng: defaultLanguage,
  defaultNS: defaultNamespace,
  load: "currentOnly",
  lowerCaseLng: false,
  nonExplicitSupportedLngs: false,
  interpolation: { escapeValue: false },
  returnNull: false,
} satisfies InitOptions;
