import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { languageCodes } from "~/i18n/languages";

/** The few keys this test reads. */
interface Texts {
  entry: { whoMust: string[]; afterAdult: string[] };
  receipt: { nextAdult: string };
  services: { orosanmalan: { description: string } };
}

const load = (language: string, namespace: string) =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../locales/${language}/${namespace}.json`), "utf8"),
  ) as Texts;

/** What orosanmälan tells reporters, checked against the law (docs/decisions/010). */
describe("orosanmälan's texts", () => {
  it("words the duty to report as the law does: authorities for children, health care, social services, private providers", () => {
    const entry = (load("sv", "orosanmalan").entry.whoMust as string[]).join(" ");
    for (const part of [
      "myndigheter vars verksamhet rör barn och unga",
      "hälso- och sjukvård",
      "kriminalvård",
      "privata",
    ])
      expect(entry).toContain(part);
    expect(load("sv", "start").services.orosanmalan.description).toContain("kriminalvård");
  });

  it.each(languageCodes)(
    "%s: promises an adult's reporter none of the children's time limits, and nobody a right to feedback",
    (language) => {
      const texts = load(language, "orosanmalan");
      expect(texts.receipt.nextAdult).not.toMatch(/14/);
      for (const line of texts.entry.afterAdult as string[]) expect(line).not.toMatch(/14/);
      expect(JSON.stringify(texts)).not.toMatch(/rätt att få veta|right to know/);
    },
  );
});
