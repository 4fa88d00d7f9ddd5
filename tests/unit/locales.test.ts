import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { languageCodes, languageOf } from "~/i18n/languages";
import { allNamespaces as namespaces } from "~/e-services/registry";

const root = path.resolve(import.meta.dirname, "../../locales");
const load = (language: string, namespace: string) =>
  JSON.parse(readFileSync(path.join(root, language, `${namespace}.json`), "utf8")) as unknown;

/** Every leaf as "a.b.0.c" → string, so nested objects and arrays compare alike. */
function flatten(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  } else out.set(prefix, value);
  return out;
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]))].sort();

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The plural forms i18next asks a language for (Arabic has six, Swedish two). */
const pluralCategories = (language: string) =>
  new Intl.PluralRules(languageOf(language).htmlLang).resolvedOptions().pluralCategories as string[];

/** The keys a language must have: the reference's, with each plural in the language's own forms. */
function expectedKeys(reference: Map<string, unknown>, language: string): string[] {
  const keys = new Set<string>();
  for (const key of reference.keys()) {
    if (!PLURAL.test(key)) keys.add(key);
    else for (const category of pluralCategories(language)) keys.add(key.replace(PLURAL, `_${category}`));
  }
  return [...keys].sort();
}

/** A plural form's placeholders are compared with the reference's "other" form. */
const referenceFor = (reference: Map<string, unknown>, key: string) =>
  (reference.get(key) ?? reference.get(key.replace(PLURAL, "_other"))) as string;

/** Values that are the same in every language: names, numbers. */
const universal = /^(\d[\d\s-]*|BankID|E-post)$/;

describe("translations", () => {
  it("has exactly the languages and namespaces the portal declares", () => {
    expect(readdirSync(root).sort()).toEqual([...languageCodes].sort());
    for (const language of languageCodes) {
      expect(readdirSync(path.join(root, language)).sort()).toEqual(namespaces.map((n) => `${n}.json`).sort());
    }
  });

  for (const namespace of namespaces) {
    const reference = flatten(load("sv", namespace));
    const english = flatten(load("en", namespace));
    for (const language of languageCodes) {
      it(`${language}/${namespace}.json has every key, no empty value and the same placeholders`, () => {
        const strings = flatten(load(language, namespace));
        expect([...strings.keys()].sort()).toEqual(expectedKeys(reference, language));
        for (const [key, value] of strings) {
          expect(typeof value, key).toBe("string");
          expect((value as string).trim(), key).not.toBe("");
          // A plural form may leave out the count ("one child"), never add a placeholder.
          const own = placeholders(value as string);
          const expected = placeholders(referenceFor(reference, key));
          if (PLURAL.test(key))
            expect(
              own.every((p) => expected.includes(p)),
              key,
            ).toBe(true);
          else expect(own, key).toEqual(expected);
        }
      });

      if (language !== "en") {
        it(`${language}/${namespace}.json is translated, not English left over`, () => {
          const leftovers = [...flatten(load(language, namespace))].filter(
            ([key, value]) => value === english.get(key) && !universal.test(value as string),
          );
          expect(leftovers.map(([key]) => key)).toEqual([]);
        });
      }
    }
  }

  it("has every statically named key the code uses", () => {
    const files = readdirSync(path.resolve(root, "../app"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".tsx") || f.endsWith(".ts"))
      .map((f) => path.resolve(root, "../app", f));
    const all = new Map(namespaces.map((n) => [n, flatten(load("sv", n))]));
    const exists = (ns: string, key: string) =>
      [...(all.get(ns as never)?.keys() ?? [])].some(
        (k) => k === key || k.startsWith(`${key}.`) || k.replace(PLURAL, "") === key,
      );
    const missing: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      // The namespaces a file asks for: useTranslation("x"), useTranslation(["x", "y"]),
      // translator(language, "x"), getFixedT(language, ["x"]).
      const calls = [...source.matchAll(/(?:useTranslation\(|translator\([^,]+,|getFixedT\([^,]+,)([^)]*)\)/g)].map(
        (m) => m[1]!,
      );
      const fileNamespaces = calls.flatMap((args) => [...args.matchAll(/"(\w+)"/g)].map((m) => m[1]!));
      for (const [, literal] of source.matchAll(/(?:\bt\(|title:\s*|Key=)\s*"([\w.:-]+)"/g)) {
        const [ns, key] = literal!.includes(":") ? literal!.split(":") : [undefined, literal!];
        const candidates = ns ? [ns] : [...fileNamespaces, "common"];
        if (!candidates.some((n) => exists(n, key!))) missing.push(`${path.basename(file)}: ${literal}`);
      }
      // Keys kept as data with their namespace (a service's figures, its Mina sidor notice):
      // any string "<namespace>:<section>.<key>" names a text (a CSV row's "about:barn" does not).
      for (const [literal, ns, key] of source.matchAll(/"(\w+):([\w-]+\.[\w.-]+)"/g))
        if (all.has(ns as never) && !exists(ns!, key!)) missing.push(`${path.basename(file)}: ${literal}`);
    }
    expect(missing).toEqual([]);
  });
});
