import { priorities, type CustomStep, type EServiceDefinition } from "~/intake/definition";
import { text, textarea } from "~/intake/fields";

/** What the custom step shows: a word the person types back, loaded by the server. */
export interface ConfirmStepData {
  word: string;
}

/** A step the service draws itself, so the registry's custom-step path is run end to end. */
const confirmStep: CustomStep = {
  async load(): Promise<ConfirmStepData> {
    return { word: "prov" };
  },
  async read(form) {
    const word = (form.get("word") ?? "").trim();
    if (!word) return { ok: false, problems: [{ field: "word", error: "required" }] };
    if (word !== "prov") return { ok: false, problems: [{ field: "word", error: "not_an_option" }] };
    return { ok: true, values: { word } };
  },
};

/**
 * Provtjänst: a test-only fourth e-service, whole in this folder. It exists to show that a
 * service is one module: nothing outside this folder names it but the test registry's list.
 */
export const provtjanst: EServiceDefinition = {
  id: "provtjanst",
  version: 1,
  slug: "provtjanst",
  referencePrefix: "PT",
  access: "login",
  steps: [
    { id: "arende", fields: { name: text({ maxLength: 100 }), what: textarea({ maxLength: 2000 }) } },
    { id: "bekrafta", custom: confirmStep, fields: { word: text({ maxLength: 20 }) } },
  ],
  route: () => ({ queue: "mottagning-vuxna", priority: priorities.normal, flags: [] }),
  retention: { afterRegistrationDays: 30 },
};
