import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { serviceError } from "~/e-services/forsorjningsstod/answers";

/**
 * Every text the engine looks up for this service exists in Swedish and English: each step's
 * title, each field's label and options, each document rule's label and hint, the repeat steps'
 * texts, and a message for every refusal the service adds itself (the locales test checks the
 * other languages have the same keys).
 */
const load = (language: string) =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../locales/${language}/forsorjningsstod.json`), "utf8"),
  ) as Record<string, unknown>;
const get = (object: unknown, key: string) =>
  key
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), object);

describe.each(["sv", "en"])("forsorjningsstod texts in %s", (language) => {
  const texts = load(language);
  const has = (key: string) => typeof get(texts, key) === "string" && (get(texts, key) as string).trim() !== "";

  it("has every step's and field's texts", () => {
    const missing: string[] = [];
    for (const step of forsorjningsstod.steps) {
      if (!has(`steps.${step.id}.title`)) missing.push(`steps.${step.id}.title`);
      if (step.repeat)
        for (const k of ["added_one", "added_other", "addItem", "changeItem", "item"])
          if (!has(`steps.${step.id}.${k}`)) missing.push(`steps.${step.id}.${k}`);
      if (step.id === forsorjningsstod.documents!.stepId) continue;
      for (const [name, field] of Object.entries(step.fields)) {
        const base = `fields.${step.id}.${name}`;
        if (!has(`${base}.label`)) missing.push(`${base}.label`);
        if ("options" in field)
          for (const option of field.options)
            if (!has(`${base}.options.${option}`) && !["ja", "nej"].includes(option))
              missing.push(`${base}.options.${option}`);
      }
    }
    for (const rule of forsorjningsstod.documents!.rules)
      for (const k of ["label", "hint"])
        if (!has(`documents.${rule.id}.${k}`)) missing.push(`documents.${rule.id}.${k}`);
    expect(missing).toEqual([]);
  });

  it("explains every refusal the service adds, on the field that gives it", () => {
    const codes = new Set<string>(Object.values(serviceError));
    const found = new Set<string>();
    const walk = (value: unknown, key: string) => {
      if (value && typeof value === "object")
        for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
      else if (/\.errors\./.test(key)) found.add(key.split(".").at(-1)!);
    };
    walk(texts.fields, "");
    for (const code of codes) expect(found, code).toContain(code);
    expect(has("fields.medsokande.coApplicantPnr.errors.same_as_applicant")).toBe(true);
    expect(has("fields.barn.birthDate.errors.child_too_old")).toBe(true);
    expect(has("conflicts.sameAsApplicant")).toBe(true);
  });

  it("never calls people klient or their application ärende", () => {
    const all = JSON.stringify(texts).toLowerCase();
    expect(all).not.toMatch(/klient|ärende/);
  });
});
