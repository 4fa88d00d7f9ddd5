import { describe, expect, it } from "vitest";
import { formatIdentityNumber, luhnCheckDigit, maskIdentityNumber, parseIdentityNumber } from "~/auth/personnummer";

const today = new Date("2026-11-27T12:00:00Z");
const parse = (s: string) => parseIdentityNumber(s, today);

describe("personnummer", () => {
  it.each([
    ["191212121212", "191212121212"],
    ["19121212-1212", "191212121212"],
    ["121212+1212", "191212121212"], // 10 digits with '+': over 100 years old
    ["8112189876", "198112189876"],
    ["811218-9876", "198112189876"],
    ["19811218-9876", "198112189876"],
    [" 811218 - 9876 ", "198112189876"],
    ["200001012384", "200001012384"],
    ["000101-2384", "200001012384"], // 10 digits: the most recent century
    ["000101+2384", "190001012384"],
  ])("reads %j as %s", (input, normalized) => {
    const result = parse(input);
    expect(result).toMatchObject({ ok: true, value: { normalized, kind: "personnummer" } });
  });

  it("reads a samordningsnummer (day + 60) and its birth date", () => {
    const result = parse("19701063-2391");
    expect(result).toEqual({
      ok: true,
      value: { normalized: "197010632391", kind: "samordningsnummer", birthDate: "1970-10-03" },
    });
    expect(parse("7010632391")).toMatchObject({ ok: true, value: { kind: "samordningsnummer" } });
  });

  it("knows the birth date and the century of a 100-year-old", () => {
    expect(parse("121212+1212")).toMatchObject({ ok: true, value: { birthDate: "1912-12-12" } });
    // The same ten digits with '-' are a child born in 2012: a different person.
    expect(parse("121212-1212")).toMatchObject({
      ok: true,
      value: { normalized: "201212121212", birthDate: "2012-12-12" },
    });
  });

  it("puts a 10-digit number whose birthday is still to come this year in the century before", () => {
    // On 27 November 2026, 15 December of '26 has not come yet: a person turning 100, not a newborn.
    expect(parse("261215-1239")).toMatchObject({ ok: true, value: { normalized: "192612151239" } });
    expect(parse("261215+1239")).toMatchObject({ ok: true, value: { normalized: "182612151239" } });
    // Today's own date belongs to this century.
    expect(parse("261127-1236")).toMatchObject({ ok: true, value: { normalized: "202611271236" } });
  });

  it.each([
    ["19121212-1213", "checksum"],
    ["811218-9875", "checksum"],
    ["19811318-9876", "date"], // month 13
    ["19810230-1234", "date"], // 30 February
    ["19810292-1234", "date"], // samordningsnummer: 32nd day
    ["1981121", "format"],
    ["1981-12-18-9876", "format"],
    ["abcdefghijkl", "format"],
    ["", "format"],
    ["1".repeat(200), "format"],
    ["20301212-1210", "future"],
  ] as const)("refuses %j (%s)", (input, error) => {
    const result = parse(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe(error);
  });

  it("computes the Luhn digit", () => {
    expect(luhnCheckDigit("121212121")).toBe(2);
    expect(luhnCheckDigit("811218987")).toBe(6);
  });

  it("shows the whole number only in the owner's form, masked otherwise", () => {
    expect(formatIdentityNumber("198112189876")).toBe("19811218-9876");
    expect(maskIdentityNumber("198112189876")).toBe("19811218-XXXX");
  });
});
