import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { forsorjningsstod } from "~/e-services/forsorjningsstod/definition.server";
import { parseRiksnormTables } from "~/e-services/forsorjningsstod/riksnorm-file.server";
import { installRiksnormTables } from "~/e-services/forsorjningsstod/riksnorm-tables";
import { documentsAttached, householdType } from "~/e-services/forsorjningsstod/statistics.server";
import { SubmitConflict, type StepDef } from "~/intake/definition";
import type { AnswersSoFar } from "~/intake/fields";
import { answersToSend, applicableRules, journeyState, REVIEW, validateFields, visibleSteps } from "~/intake/journey";
import { answersJsonSchema, answersSchema } from "~/queue/robot-openapi.server";
import { ANNA, BENGT, fill, household, journeyFor, type Posted } from "../support/forsorjningsstod-answers";

const today = new Date(Date.UTC(2026, 10, 27, 9));
const journey = journeyFor(today);
const step = (id: string) => forsorjningsstod.steps.find((s) => s.id === id)!;

const post = (s: StepDef, posted: Posted, answers: AnswersSoFar = {}) => {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(posted))
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  return validateFields(s, form, answers, { today, units: [] });
};
const problems = (s: StepDef, posted: Posted, answers: AnswersSoFar = {}) => {
  const result = post(s, posted, answers);
  return result.ok ? [] : result.problems.map((p) => [p.field, p.error]);
};

/** A single adult without children, homeless, with no income: the smallest application. */
const alone = (overrides = {}) =>
  household(today, {
    hushall: { partner: "nej", children: "nej", otherAdults: "nej" },
    boende: { housing: "saknar-bostad" },
    inkomster: { applicant: ["none"] },
    kostnader: { costs: ["none"] },
    arbete: { applicantRegistered: "ja" },
    dokument: { kontoutdrag: { later: true }, arbetsformedlingen: { later: true } },
    ...overrides,
  });

describe("ansökan om försörjningsstöd: the definition", () => {
  it("needs a login, a declaration, can be withdrawn, and starts its references with EB", () => {
    expect(forsorjningsstod).toMatchObject({
      id: "forsorjningsstod",
      slug: "forsorjningsstod",
      access: "login",
      declaration: true,
      withdrawable: true,
      referencePrefix: "EB",
    });
  });

  it("walks a couple with children through every step that concerns them, and a single adult through fewer", async () => {
    const couple = await fill(household(today), journey);
    expect(visibleSteps(forsorjningsstod, couple, journey).map((s) => s.id)).toEqual([
      "manad",
      "ny-ansokan",
      "hushall",
      "medsokande",
      "barn",
      "medborgarskap",
      "skyddade-uppgifter",
      "boende",
      "boende-kostnad",
      "inkomster",
      "inkomster-sokande",
      "kostnader",
      "kostnader-belopp",
      "tillgangar",
      "ansokningar",
      "arbete",
      "arbete-medsokande",
      "foretag",
      "ovrigt",
      "dokument",
    ]);
    const single = await fill(alone(), journey);
    expect(visibleSteps(forsorjningsstod, single, journey).map((s) => s.id)).toEqual([
      "manad",
      "ny-ansokan",
      "hushall",
      "medborgarskap",
      "skyddade-uppgifter",
      "boende",
      "inkomster",
      "kostnader",
      "tillgangar",
      "ansokningar",
      "arbete",
      "foretag",
      "ovrigt",
      "dokument",
    ]);
  });
});

describe("what the robot receives", () => {
  it("sends answers that match the JSON Schema the robot API publishes for this service", async () => {
    const reused = { files: ["6d1c1a8e-0000-4000-8000-000000000009"], reusedFrom: "EB-7K3M-9QXP" };
    const filled = household(today);
    const sent = answersToSend(
      forsorjningsstod,
      await fill({ ...filled, dokument: { ...filled.dokument, hyreskontrakt: reused } }, journey),
      journey,
    );
    expect(answersSchema(forsorjningsstod).safeParse(sent).success).toBe(true);
    expect(sent.medsokande).toEqual({ pnr: BENGT });
    const published = answersJsonSchema("forsorjningsstod", forsorjningsstod.version, "https://e.kommun.se/api/robot")!;
    expect(JSON.stringify(published)).toContain("inkomster-sokande");
    // Checked against the JSON document itself, as a robot would: a reused document is its files.
    const asPublished = z.fromJSONSchema(published as never);
    expect(asPublished.safeParse(sent).success).toBe(true);
    const withDocuments = (hyreskontrakt: unknown) => ({ ...sent, dokument: { ...sent.dokument, hyreskontrakt } });
    expect(asPublished.safeParse(withDocuments({ reuse: "EB-7K3M-9QXP" })).success).toBe(false);
    expect(asPublished.safeParse(withDocuments({ files: [] })).success).toBe(false);
    expect(asPublished.safeParse(withDocuments({ ...reused, reusedFrom: "not a reference" })).success).toBe(false);
  });

  it("asks again for a document a draft saved as a bare reference (no file), rather than sending it", async () => {
    const answers = await fill(household(today), journey);
    expect(journeyState(forsorjningsstod, answers, journey).resumeAt).toBe(REVIEW);
    const old = { ...answers, dokument: { ...answers.dokument, hyreskontrakt: { reuse: "EB-7K3M-9QXP" } } };
    expect(journeyState(forsorjningsstod, old, journey).resumeAt).toBe("dokument");
  });
});

describe("routing", () => {
  it("sends an application to the ekonomiskt bistånd queue", async () => {
    const answers = await fill(household(today), journey);
    expect(forsorjningsstod.route(answers, { ...journey, protectedIdentity: false })).toEqual({
      queue: "ekonomiskt-bistand",
      priority: 0,
      flags: [],
    });
  });

  it("sends a household with protected personal data to the restricted queue, from the e-ID or from the answer", async () => {
    const answers = await fill(household(today), journey);
    expect(forsorjningsstod.route(answers, { ...journey, protectedIdentity: true })).toEqual({
      queue: "skyddad",
      priority: 0,
      flags: ["protected_identity"],
    });
    const stated = await fill(household(today, { "skyddade-uppgifter": { protectedData: "ja" } }), journey);
    expect(forsorjningsstod.route(stated, { ...journey, protectedIdentity: false }).queue).toBe("skyddad");
  });
});

describe("the co-applicant", () => {
  const read = (value: string, pnr: string | undefined = ANNA) =>
    step("medsokande").custom!.read(new URLSearchParams({ coApplicantPnr: value }), {
      db: undefined as never,
      answers: {},
      journey: { loggedIn: true, pnr, today },
      draftId: "d",
      personId: null,
      today,
    });

  it("is invited by personnummer to confirm with their own e-ID", async () => {
    const answers = await fill(household(today), journey);
    expect(forsorjningsstod.coParties!(answers, journey)).toEqual([{ role: "medsokande", pnr: BENGT }]);
    expect(await read("870704-9832")).toEqual({ ok: true, values: { pnr: BENGT } });
  });

  it("is not asked for, and not invited, when the applicant lives without a spouse or sambo", async () => {
    const answers = await fill(alone(), journey);
    expect(forsorjningsstod.coParties!(answers, journey)).toEqual([]);
  });

  it("refuses the applicant's own number, an invalid number and no number, with a message for the field", async () => {
    const refused = async (value: string) => {
      const result = await read(value);
      return result.ok ? null : result.problems.map((p) => [p.field, p.error, p.params?.typed]);
    };
    expect(await refused("19850312-9820")).toEqual([["coApplicantPnr", "same_as_applicant", "19850312-9820"]]);
    expect(await refused("198503129820")).toEqual([["coApplicantPnr", "same_as_applicant", "198503129820"]]);
    expect(await refused("19870704-9833")).toEqual([["coApplicantPnr", "pnr_invalid", "19870704-9833"]]);
    expect(await refused("abc")).toEqual([["coApplicantPnr", "pnr_invalid", "abc"]]);
    expect(await refused("")).toEqual([["coApplicantPnr", "required", ""]]);
  });

  it("never sends an application whose co-applicant is the applicant, whatever path led there", async () => {
    const answers = await fill(household(today), journey);
    await expect(
      forsorjningsstod.onSubmit!(undefined as never, {
        submissionId: "s",
        reference: "EB-X",
        personId: null,
        channel: "e-service",
        answers,
        journey: journeyFor(today, BENGT),
      }),
    ).rejects.toBeInstanceOf(SubmitConflict);
  });
});

describe("what bad input gets", () => {
  it("refuses a negative, a malformed and an absurd amount, stating the limit", () => {
    const incomes = { inkomster: { applicant: ["salary"] } };
    const s = step("inkomster-sokande");
    expect(problems(s, { salary: "-500" }, incomes)).toEqual([["salary", "amount_invalid"]]);
    expect(problems(s, { salary: "12,5" }, incomes)).toEqual([["salary", "amount_invalid"]]);
    const tooLarge = post(s, { salary: "150000" }, incomes);
    expect(tooLarge.ok ? null : tooLarge.problems).toEqual([
      { field: "salary", error: "amount_too_large", params: { max: 100_000 } },
    ]);
    expect(problems(step("boende-kostnad"), { rent: "45000" }, { boende: { housing: "bostadsratt" } })).toEqual([
      ["rent", "amount_too_large"],
    ]);
  });

  it("asks every income as an amount per month, and only the kinds chosen", () => {
    const s = step("inkomster-sokande");
    const answers = { inkomster: { applicant: ["salary", "other"] } };
    expect(problems(s, {}, answers)).toEqual([
      ["salary", "required"],
      ["other", "required"],
      ["otherWhat", "required"],
    ]);
    expect(post(s, { salary: "8000", other: "500", otherWhat: "Försäljning", pension: "99" }, answers)).toEqual({
      ok: true,
      values: { salary: 8000, other: 500, otherWhat: "Försäljning" },
    });
  });

  it("refuses a month too far back or ahead", () => {
    const s = step("manad");
    expect(post(s, { month: "2026-11" }).ok).toBe(true);
    expect(post(s, { month: "2026-09" }).ok).toBe(true);
    expect(post(s, { month: "2026-12" }).ok).toBe(true);
    expect(problems(s, { month: "2026-08" })).toEqual([["month", "month_out_of_range"]]);
    expect(problems(s, { month: "2027-01" })).toEqual([["month", "month_out_of_range"]]);
  });

  it("refuses a child born in the future, and a 'child' of 21 or more", () => {
    const s = step("barn");
    const child = (day: string, month: string, year: string) => ({
      name: "Ella",
      "birthDate-day": day,
      "birthDate-month": month,
      "birthDate-year": year,
      livesWithYou: "ja",
      lunch: "nej",
    });
    expect(problems(s, child("28", "11", "2026"))).toEqual([["birthDate", "date_future"]]);
    expect(problems(s, child("1", "6", "2005"))).toEqual([["birthDate", "child_too_old"]]);
    expect(problems(s, child("1", "1", "2001"))).toEqual([["birthDate", "date_too_old"]]);
    expect(problems(s, child("1", "6", "2007"))).toEqual([["school", "required"]]);
    expect(post(s, { ...child("1", "6", "2007"), school: "ja" }).ok).toBe(true);
    expect(post(s, child("27", "11", "2026")).ok).toBe(true);
  });

  it("refuses 'none' ticked together with something, and asks for a description when something is owned", () => {
    expect(problems(step("inkomster"), { applicant: ["none", "salary"] })).toEqual([["applicant", "none_combined"]]);
    expect(problems(step("kostnader"), { costs: ["none", "doctor"] })).toEqual([["costs", "none_combined"]]);
    expect(problems(step("tillgangar"), { bankBalance: "0", assets: ["bat"] })).toEqual([["assetsWhat", "describe"]]);
    expect(problems(step("tillgangar"), { bankBalance: "0", assets: [] })).toEqual([["assets", "required"]]);
    expect(problems(step("foretag"), { business: "ja" })).toEqual([["businessWhat", "describe"]]);
    expect(problems(step("ansokningar"), { claims: ["csn"] })).toEqual([["claimsWhat", "describe"]]);
  });
});

describe("documents by rule, the same for everyone", () => {
  const rules = async (filled = household(today)) =>
    applicableRules(forsorjningsstod, await fill(filled, journey)).map((r) => r.id);

  it("asks for bank statements from everyone, and for each other proof only when an answer calls for it", async () => {
    expect(await rules(alone())).toEqual(["kontoutdrag", "arbetsformedlingen"]);
    expect(await rules()).toEqual([
      "hyreskontrakt",
      "hyresavi",
      "lonespecifikation",
      "kvitton",
      "kontoutdrag",
      "arbetsformedlingen",
      "lakarintyg",
      "barnens-boende",
    ]);
    expect(
      await rules(
        household(today, {
          inkomster: { applicant: ["unemployment_benefit", "child_allowance"], coApplicant: ["none"] },
          "inkomster-sokande": { unemployment_benefit: "6000", child_allowance: "1250" },
          foretag: { business: "ja", businessWhat: "Enskild firma, vilande" },
        }),
      ),
    ).toEqual(expect.arrayContaining(["utbetalningsbesked", "foretag"]));
  });

  it("asks for no rental contract from someone who owns their home, and none for rent when nothing is paid", async () => {
    const owned = await rules(household(today, { boende: { housing: "eget-hus" }, "boende-kostnad": { rent: "0" } }));
    expect(owned).not.toContain("hyreskontrakt");
    expect(owned).not.toContain("hyresavi");
  });

  it("lets what does not change month to month be reused when unchanged, nothing else", () => {
    const reusable = forsorjningsstod.documents!.rules.filter((r) => r.reusable).map((r) => r.id);
    expect(reusable).toEqual([
      "id-handling",
      "deklaration",
      "andrahand-godkannande",
      "migrationsverket",
      "hyreskontrakt",
      "lakarintyg",
      "barnens-boende",
    ]);
    expect(forsorjningsstod.documents!.rules.every((r) => !r.optional)).toBe(true);
  });

  it("asks by the answers alone: the rules see no channel and no history", () => {
    for (const rule of forsorjningsstod.documents!.rules) expect(rule.when.length).toBeLessThanOrEqual(1);
  });
});

describe("apply again", () => {
  it("keeps what rarely changes and leaves out the month, its incomes, costs, rent, balance and documents", async () => {
    const last = answersToSend(forsorjningsstod, await fill(household(today), journey), journey);
    const next = forsorjningsstod.prefill!(last);
    expect(Object.keys(next).sort()).toEqual(
      [
        "hushall",
        "medsokande",
        "barn",
        "medborgarskap",
        "skyddade-uppgifter",
        "boende",
        "boende-kostnad",
        "tillgangar",
        "foretag",
      ].sort(),
    );
    expect(next.medsokande).toEqual({ pnr: BENGT });
    expect(next["boende-kostnad"]).toEqual({ contract: "bada" });
    expect(next.tillgangar).toEqual({ assets: ["none"] });
    for (const gone of [
      "manad",
      "ny-ansokan",
      "inkomster",
      "inkomster-sokande",
      "kostnader",
      "kostnader-belopp",
      "ansokningar",
      "arbete",
      "dokument",
    ])
      expect(next[gone]).toBeUndefined();
  });
});

describe("statistics", () => {
  it("names the household type and whether the documents asked for were attached, nothing personal", async () => {
    const couple = await fill(household(today), journey);
    expect(householdType(couple)).toBe("couple_with_children");
    expect(documentsAttached(couple)).toBe("some");
    const single = await fill(alone(), journey);
    expect(householdType(single)).toBe("single");
    expect(documentsAttached(single)).toBe("none");
    const allIn = await fill(
      alone({ dokument: { kontoutdrag: { files: ["a"] }, arbetsformedlingen: { files: ["b"] } } }),
      journey,
    );
    expect(documentsAttached(allIn)).toBe("all");
  });
});

describe("the entry page's promise of an estimate", () => {
  afterEach(() => installRiksnormTables([]));

  it("is made only when every month one may apply for has its year's table", async () => {
    // June 2019: April to July 2019 may be applied for, all in the shipped 2019 table.
    expect(forsorjningsstod.estimateOffered!(new Date(Date.UTC(2019, 5, 15)))).toBe(true);
    // January 2020: November 2019 to February 2020; no 2020 table is shipped.
    expect(forsorjningsstod.estimateOffered!(new Date(Date.UTC(2020, 0, 15)))).toBe(false);
    const june2026 = new Date(Date.UTC(2026, 5, 15));
    expect(forsorjningsstod.estimateOffered!(june2026)).toBe(false);
    const parsed = parseRiksnormTables((await import("../support/riksnorm-2026-fixture.json")).default);
    if (!parsed.ok) throw new Error(parsed.reason);
    installRiksnormTables(parsed.tables);
    expect(forsorjningsstod.estimateOffered!(june2026)).toBe(true);
  });
});

describe("the answers schema the robot reads", () => {
  type Schema = { properties: Record<string, { properties: Record<string, { items?: { enum?: string[] } }> }> };
  const assetsIn = (version: number) =>
    (answersJsonSchema("forsorjningsstod", version, "https://portal.example/api/robot/v1") as unknown as Schema)
      .properties.tillgangar!.properties.assets!.items!.enum!;

  it("has version 2's new assets and the co-applicant left out, and still serves version 1 as it was", () => {
    expect(assetsIn(2)).toEqual(expect.arrayContaining(["husvagn", "pensionssparande", "utomlands"]));
    expect(assetsIn(1)).not.toContain("pensionssparande");
    expect(answersJsonSchema("forsorjningsstod", 1, "https://portal.example/api/robot/v1")).toMatchObject({
      $id: "https://portal.example/api/robot/v1/schemas/forsorjningsstod/1",
    });
    expect(answersJsonSchema("forsorjningsstod", 4, "https://portal.example/api/robot/v1")).toBeNull();
  });

  it("still serves version 2 exactly as main served it before version 3 (frozen steps)", () => {
    const frozen = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, "fixtures/forsorjningsstod-answers-v2.schema.json"), "utf8"),
    ) as unknown;
    expect(answersJsonSchema("forsorjningsstod", 2, "http://localhost/api/robot/v1")).toEqual(frozen);
  });

  it("has version 3's questions: first application, citizenship per adult, days at home, new incomes, due dates", () => {
    expect(forsorjningsstod.version).toBe(3);
    const v3 = answersJsonSchema("forsorjningsstod", 3, "https://portal.example/api/robot/v1") as unknown as {
      properties: Record<string, { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }>;
    };
    const p = v3.properties;
    expect(p["ny-ansokan"]!.properties.first!.enum).toEqual(["ja", "nej"]);
    const citizenship = [
      "svensk",
      "eu-ees",
      "permanent-uppehallstillstand",
      "tidsbegransat-uppehallstillstand",
      "annat",
    ];
    expect(p.medborgarskap!.properties.applicant!.enum).toEqual(citizenship);
    expect(p.medborgarskap!.properties.coApplicant!.enum).toEqual(citizenship);
    const child = (p.barn as unknown as { properties: { items: { items: { properties: Record<string, unknown> } } } })
      .properties.items.items.properties;
    expect(child.daysPerMonth).toMatchObject({ type: "integer", minimum: 0, maximum: 31 });
    const incomes = p.inkomster!.properties.applicant!.items!.enum!;
    for (const code of [
      "parental_benefit",
      "housing_supplement",
      "foreign_income",
      "deposits",
      "gifts_inheritance",
      "loans",
    ])
      expect(incomes).toContain(code);
    expect(Object.keys(p["kostnader-belopp"]!.properties)).toContain("household_electricityDue");
    expect(p["boende-kostnad"]!.properties.rentDue).toMatchObject({ type: "string", format: "date" });
    // Version 2's answers have none of them.
    const v2 = answersJsonSchema("forsorjningsstod", 2, "https://portal.example/api/robot/v1") as typeof v3;
    expect(v2.properties["ny-ansokan"]).toBeUndefined();
    expect(v2.properties.inkomster!.properties.applicant!.items!.enum).not.toContain("loans");
  });
});
