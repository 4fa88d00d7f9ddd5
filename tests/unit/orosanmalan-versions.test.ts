import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import { answersJsonSchema } from "~/queue/robot-openapi.server";

const API = "http://localhost/api/robot/v1";

describe("orosanmälan's answers for the robot, by version", () => {
  it("still serves version 1's JSON Schema unchanged, for reports sent before version 2", () => {
    const frozen = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, "fixtures/orosanmalan-answers-v1.schema.json"), "utf8"),
    ) as unknown;
    expect(answersJsonSchema("orosanmalan", 1, API)).toEqual(frozen);
  });

  it("serves the current version with the feedback request and the adult path's questions", () => {
    const schema = answersJsonSchema("orosanmalan", orosanmalan.version, API) as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(orosanmalan.version).toBe(2);
    expect(Object.keys(schema.properties.aterkoppling!.properties!)).toEqual(["meeting", "feedback"]);
    expect(Object.keys(schema.properties["vuxen-kannedom"]!.properties!)).toEqual([
      "knows",
      "consent",
      "safeContact",
      "childrenAtHome",
    ]);
    expect(answersJsonSchema("orosanmalan", 3, API)).toBeNull();
  });
});
