import { readFileSync } from "node:fs";
import path from "node:path";
import { createInstance, type Resource, type ResourceLanguage, type TFunction } from "i18next";
import { projectRoot } from "#db/project-root";
import { i18nOptions } from "./i18n";
import { languageCodes, type LanguageCode } from "./languages";
import { allNamespaces as namespaces } from "~/e-services/registry";
import { moduleTexts } from "~/e-services/registry.server";

/**
 * Translations for work done outside a request (notices, receipts from background jobs),
 * read from locales/ once. Requests use the bundled resources in entry.server instead.
 */
let instance: Promise<ReturnType<typeof createInstance>> | undefined;

function load() {
  const resources: Resource = {};
  for (const language of languageCodes) {
    const bundle: ResourceLanguage = {};
    resources[language] = bundle;
    for (const namespace of namespaces) {
      bundle[namespace] =
        moduleTexts(language)[namespace] ??
        JSON.parse(readFileSync(path.join(projectRoot, "locales", language, `${namespace}.json`), "utf8"));
    }
  }
  const i18n = createInstance();
  return i18n.init({ ...i18nOptions, resources, ns: [...namespaces] }).then(() => i18n);
}

export async function translator(language: LanguageCode, namespace: string): Promise<TFunction> {
  instance ??= load();
  return (await instance).getFixedT(language, namespace);
}
