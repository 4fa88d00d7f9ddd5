import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, expect, it } from "vitest";
import { robotOpenApi } from "~/queue/robot-openapi.server";

/**
 * An RPA team generates a typed client from the OpenAPI document alone (here with
 * openapi-typescript) and writes its robot against the named types. The robot below must compile,
 * and the same robot with a mistake the document rules out must not.
 */

const robot = `
import type { components, paths } from "./robot-api";

type Claimed = components["schemas"]["ClaimedItem"];
type ClaimAnswer = paths["/queues/{queue}/claims"]["post"]["responses"][200]["content"]["application/json"];
type Page = paths["/items"]["get"]["responses"][200]["content"]["application/json"];
type Completed = paths["/items/{itemId}/complete"]["post"]["responses"][200]["content"]["application/json"];
type Conflict = paths["/items/{itemId}/complete"]["post"]["responses"][409]["content"]["application/json"];
type Replayed = paths["/items/{itemId}/messages"]["post"]["responses"][200]["content"]["application/json"];

/** The service's answers are known by its serviceId. */
export function subject(item: Claimed): string {
  switch (item.serviceId) {
    case "orosanmalan":
      return item.answers?.oro?.what ?? "";
    case "forsorjningsstod":
    case "samarbetssamtal":
      return item.reference;
  }
}

export function firstLease(answer: ClaimAnswer): components["schemas"]["Lease"] | null {
  return answer.items[0]?.lease ?? null;
}

export const completion: components["schemas"]["CompleteRequest"] = {
  leaseId: "0b8f4d2e-6c1a-4f7e-9d3b-2a5c8e1f4b7d",
  caseNumber: "IFO 2026-1",
  caseSystem: "Lifecare",
  output: { diarienummer: "SN 2026/1", extra: { kategori: 3 } },
};

export const postpone: components["schemas"]["PostponeRequest"] = {
  leaseId: completion.leaseId,
  until: "2026-12-08T06:00:00+01:00",
  reason: "Case system closed for the night",
};

export const wasReplayed = (answer: Completed): boolean => answer.item.replayed;
export const handled = (page: Page): string[] =>
  page.items.filter((i) => i.handledByPerson).map((i) => i.reference);
export const conflict: Conflict["error"]["code"] = "already_completed";
export const sameMessage = (answer: Replayed): string => answer.message.id;
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ingang-robot-client-"));
  const types = astToString(await openapiTS(robotOpenApi("https://e-tjanster.example/api/robot/v1") as never));
  await writeFile(path.join(dir, "robot-api.ts"), types);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function compile(source: string): Promise<string[]> {
  const file = path.join(dir, `robot-${Math.random().toString(36).slice(2)}.ts`);
  await writeFile(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

it("generates a typed client whose named types a small robot compiles against", async () => {
  expect(await compile(robot)).toEqual([]);
}, 60_000);

it("rules out what the document rules out: another response's error code, a status the schema lacks", async () => {
  const wrongCode = robot.replace(`= "already_completed"`, `= "rate_limited"`);
  expect((await compile(wrongCode)).join("\n")).toMatch(/rate_limited/);
  const wrongService = robot.replace(`case "samarbetssamtal":`, `case "bygglov":`);
  expect((await compile(wrongService)).length).toBeGreaterThan(0);
  const notReplayed = robot.replace("answer.item.replayed", "answer.item.replayedAt");
  expect((await compile(notReplayed)).length).toBeGreaterThan(0);
}, 60_000);
