import { describe, expect, it } from "vitest";
import { z } from "zod";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { moduleOf, services } from "~/e-services/registry.server";
import { answersSchema } from "~/intake/answers-schema";
import { answersFit, definitionAt, findVersion, fittingSteps, versionsOf } from "~/intake/versions";
import { answersJsonSchema } from "~/queue/robot-openapi.server";
import { testService } from "../support/test-service";

const API = "https://portal.example/api/robot/v1";

/**
 * Every version a service ever had stays readable: a submission keeps the version it was sent
 * under, the robot fetches that version's schema, and pages draw its answers with its steps.
 * These walk the registry, so a service bumped without freezing its earlier steps fails here.
 */
describe.each(services.map((s) => [s.id, s] as const))("%s's versions", (id, service) => {
  it("has its steps for every version from 1 to the current one", () => {
    for (const version of versionsOf(service)) {
      const definition = definitionAt(service, version);
      expect(definition.version, `${id} v${version}`).toBe(version);
      expect(definition.steps.length, `${id} v${version}`).toBeGreaterThan(0);
    }
  });

  it("serves every version's JSON Schema, and none beyond the current one", () => {
    for (const version of versionsOf(service)) {
      const schema = answersJsonSchema(id, version, API);
      expect(schema, `${id} v${version}`).toMatchObject({ $id: `${API}/schemas/${id}/${version}` });
    }
    expect(answersJsonSchema(id, service.version + 1, API)).toBeNull();
    expect(answersJsonSchema(id, 0, API)).toBeNull();
  });

  it("is at a version above every frozen one, each frozen once", () => {
    const frozen = (service.earlierVersions ?? []).map((e) => e.version);
    expect(new Set(frozen).size).toBe(frozen.length);
    for (const version of frozen) expect(version, `${id} v${version}`).toBeLessThan(service.version);
  });

  it("serves an archived schema only for a version that is frozen as steps too", () => {
    for (const version of Object.keys(moduleOf(id).archivedSchemas).map(Number))
      expect(findVersion(service, version), `${id} v${version}`).not.toBeNull();
  });
});

describe("försörjningsstöd version 1, recovered from git", () => {
  it("has exactly the shape of the schema served for it before", () => {
    const generated = z.toJSONSchema(answersSchema(definitionAt(forsorjningsstod, 1)), {
      target: "draft-2020-12",
      unrepresentable: "any",
    });
    const { $id: _id, title: _title, ...archived } = moduleOf(forsorjningsstod.id).archivedSchemas[1]!;
    expect(generated).toEqual(archived);
  });
});

describe("whether a draft's answers fit another version", () => {
  const v2 = {
    ...testService,
    version: 2,
    steps: [
      { id: "namn", fields: { name: testService.steps[0]!.fields.name! } },
      testService.steps[1]!,
      testService.steps[2]!,
      { id: "ny", fields: {} },
      testService.steps[3]!,
    ],
  };

  it("fits when every answered step still takes its answers unchanged (new steps are asked later)", () => {
    expect(answersFit(v2, { namn: { name: "Kim" }, sambo: { partner: "nej" } })).toBe(true);
  });

  it("does not fit a step that is gone, a field that is gone, or a value no longer allowed", () => {
    expect(answersFit(v2, { borttaget: { x: "ja" } })).toBe(false);
    expect(answersFit(v2, { namn: { name: "Kim", nickname: "K" } })).toBe(false);
    expect(answersFit(v2, { sambo: { partner: "kanske" } })).toBe(false);
  });

  it("does not fit an answered step missing what the step now requires", () => {
    const stricter = {
      ...v2,
      steps: [
        { id: "namn", fields: { name: testService.steps[0]!.fields.name!, age: testService.steps[0]!.fields.name! } },
      ],
    };
    expect(answersFit(stricter, { namn: { name: "Kim" } })).toBe(false);
  });

  it("keeps, for apply-again, only the steps whose every value today's fields take", () => {
    const answers = {
      namn: { name: "Kim" },
      sambo: { partner: "kanske" },
      borttaget: { x: "ja" },
      dokument: { intyg: { later: true } },
    };
    expect(fittingSteps(v2, answers)).toEqual({ namn: { name: "Kim" } });
    // A step left partly answered on purpose (what changes every time) is still offered.
    const partly = {
      ...v2,
      steps: [
        { id: "namn", fields: { name: testService.steps[0]!.fields.name!, age: testService.steps[0]!.fields.name! } },
      ],
    };
    expect(fittingSteps(partly, { namn: { name: "Kim" } })).toEqual({ namn: { name: "Kim" } });
  });
});
