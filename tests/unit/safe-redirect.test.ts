import { describe, expect, it } from "vitest";
import { safeReturnPath } from "~/http/safe-redirect";
import { loginHref } from "~/auth/login-href";

describe("safeReturnPath", () => {
  it.each([
    ["/mina-sidor", "/mina-sidor"],
    ["/forsorjningsstod/steg/2?x=1#a", "/forsorjningsstod/steg/2?x=1#a"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/./%2e/.//evil.example/x?y",
    "javascript:alert(1)",
    "/\u0000/x",
    "/%0d%0aSet-Cookie:x",
    "",
    "x".repeat(3000),
    null,
    42,
  ])("refuses %j", (input) => {
    const result = safeReturnPath(input);
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(new URL(result, "http://portal.invalid").origin).toBe("http://portal.invalid");
  });

  it("falls back to the start page", () => {
    expect(safeReturnPath("https://evil.example/")).toBe("/");
    expect(safeReturnPath(undefined, "/mina-sidor")).toBe("/mina-sidor");
  });
});

describe("the header's login link", () => {
  it("brings the person back to the page they were on", () => {
    expect(loginHref("/samarbetssamtal", "")).toBe("/logga-in?returnTo=%2Fsamarbetssamtal");
    expect(loginHref("/mina-sidor/bokningar", "?klart=1")).toBe(
      "/logga-in?returnTo=%2Fmina-sidor%2Fbokningar%3Fklart%3D1",
    );
  });

  it("does not bring them back to the start, login or logout pages", () => {
    for (const page of ["/", "/logga-in", "/logga-in/e-legitimation", "/utloggad", "/personal/logga-in"])
      expect(loginHref(page, "?x=1")).toBe("/logga-in");
  });
});
