import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { variableNames } from "~/config.server";

/** The names in the first column of the README's tables: `NAME`, or several as `A`, `B`. */
const documented = new Set(
  readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!)),
);

describe("the README's configuration reference", () => {
  it("has a row for every variable the portal reads", () => {
    expect(variableNames.filter((name) => !documented.has(name))).toEqual([]);
  });

  it("has no row for a variable the portal does not read", () => {
    expect([...documented].filter((name) => !(variableNames as string[]).includes(name))).toEqual([]);
  });
});
