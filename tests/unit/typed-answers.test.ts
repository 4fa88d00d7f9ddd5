import { describe, expect, it } from "vitest";
import type { StepDef } from "~/intake/definition";
import { checkboxes, radio, text } from "~/intake/fields";
import { answerOf, itemsOf } from "~/intake/typed-answers";
import type { OrosanmalanSteps } from "~/e-services/orosanmalan/definition.server";

// `npm run typecheck` (tsc) compiles this file: each `@ts-expect-error` below fails the check
// when the line it marks compiles, i.e. when a wrong step or field id would slip through.

const steps = [
  { id: "vem", fields: { reporter: radio(["yrkesperson", "privatperson"]), role: text({ maxLength: 10 }) } },
  { id: "omrade", fields: { areas: checkboxes(["lss", "annat"]) } },
  { id: "barn", repeat: { min: 0, max: 3, titleField: "name" }, fields: { name: text({ maxLength: 10 }) } },
] as const satisfies readonly StepDef[];

const answer = answerOf<typeof steps>();
const items = itemsOf<typeof steps>();

describe("typed answer accessors", () => {
  const answers = { vem: { reporter: "yrkesperson", role: "lärare" }, barn: { items: [{ name: "Ada" }] } };

  it("reads a field's value by step and field id", () => {
    expect(answer(answers, "vem", "reporter")).toBe("yrkesperson");
    expect(answer(answers, "omrade", "areas")).toBeUndefined();
    expect(items(answers, "barn")).toEqual([{ name: "Ada" }]);
    expect(items({}, "barn")).toEqual([]);
  });

  it("leaves the steps ordinary step definitions for the engine", () => {
    const forTheEngine: readonly StepDef[] = steps;
    expect(forTheEngine.map((step) => step.id)).toEqual(["vem", "omrade", "barn"]);
  });

  it("types the value from the field", () => {
    const reporter: "yrkesperson" | "privatperson" | undefined = answer(answers, "vem", "reporter");
    const areas: ("lss" | "annat")[] | undefined = answer(answers, "omrade", "areas");
    expect([reporter, areas]).toEqual(["yrkesperson", undefined]);
  });

  it("refuses ids the steps do not declare (checked by tsc, not at run time)", () => {
    // @ts-expect-error a step id the steps do not have
    expect(answer(answers, "vemm", "reporter")).toBeUndefined();
    // @ts-expect-error a field id its step does not have
    expect(answer(answers, "vem", "reportr")).toBeUndefined();
    // @ts-expect-error a field of another step
    expect(answer(answers, "vem", "areas")).toBeUndefined();
    // @ts-expect-error a repeating step is read as items, not by field
    expect(answer(answers, "barn", "name")).toBeUndefined();
    // @ts-expect-error a single step has no items
    expect(items(answers, "vem")).toEqual([]);
    // @ts-expect-error an option the radio does not offer: the comparison can never hold
    expect(answer(answers, "vem", "reporter") === "yrkesperon").toBe(false);
  });

  it("checks a real definition's ids, as its accessors are typed from its steps", () => {
    const oro = answerOf<OrosanmalanSteps>();
    expect(oro({ fara: { danger: "ja" } }, "fara", "danger")).toBe("ja");
    // @ts-expect-error orosanmälan's danger step is "fara"
    expect(oro({}, "danger", "danger")).toBeUndefined();
  });
});
