import type { Resource } from "i18next";

/** Every translation, bundled into the server build so no request waits on a file. */
const files = import.meta.glob<{ default: Record<string, unknown> }>("../../locales/*/*.json", {
  eager: true,
});

export const resources: Resource = {};
for (const [file, module] of Object.entries(files)) {
  const [, language, namespace] = /locales\/([^/]+)\/([^/]+)\.json$/.exec(file)!;
  (resources[language!] ??= {})[namespace!] = module.default;
}
