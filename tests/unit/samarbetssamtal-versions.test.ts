import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { samarbetssamtal } from "~/e-services/samarbetssamtal/definition.server";
import { answersJsonSchema } from "~/queue/robot-openapi.server";

const API = "http://localhost/api/robot/v1";

describe("samarbetssamtal's answers for the robot, by version", () => {
  it("still serves version 1's JSON Schema unchanged, for requests sent before version 2", () => {
    // The fixture is the schema version 1 served before the family questions were added.
    const frozen = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, "fixtures/samarbetssamtal-answers-v1.schema.json"), "utf8"),
    ) as unknown;
    expect(answersJsonSchema("samarbetssamtal", 1, API)).toEqual(frozen);
  });

  it("serves the current version with what the unit needs to know about the family", () => {
    const schema = answersJsonSchema("samarbetssamtal", samarbetssamtal.version, API) as {
      properties: Record<string, { properties?: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }>;
    };
    expect(samarbetssamtal.version).toBe(2);
    const familj = schema.properties.familj!.properties!;
    expect(Object.keys(familj)).toEqual(["court", "custody", "questions", "childrenKnow"]);
    expect(familj.custody!.enum).toEqual(["gemensam", "en-foralder", "annan"]);
    expect(familj.questions!.items!.enum).toEqual(["boende", "umgange", "vardnad", "annat"]);
    expect(answersJsonSchema("samarbetssamtal", 3, API)).toBeNull();
  });
});
