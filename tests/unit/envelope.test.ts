import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf, open, openText, rewrap, seal, SealError, type Keyring } from "~/crypto/envelope";
import { lookupHash } from "~/crypto/lookup-hash";

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const old: Keyring = { activeKeyId: "2025", keys: new Map([["2025", k1]]) };
const rotated: Keyring = {
  activeKeyId: "2026",
  keys: new Map([
    ["2025", k1],
    ["2026", k2],
  ]),
};

describe("envelope encryption", () => {
  it("seals and opens, and the sealed text reveals nothing of the value", () => {
    const sealed = seal(old, "197010632391", "person.pnr:1");
    expect(sealed).not.toContain("197010632391");
    expect(sealed.startsWith("v1.2025.")).toBe(true);
    expect(openText(old, sealed, "person.pnr:1")).toBe("197010632391");
  });

  it("uses a fresh data key and IV every time", () => {
    expect(seal(old, "same", "c")).not.toBe(seal(old, "same", "c"));
  });

  it("refuses a value moved to another record or column", () => {
    const sealed = seal(old, "secret", "person.pnr:1");
    expect(() => open(old, sealed, "person.pnr:2")).toThrow(SealError);
    expect(() => open(old, sealed, "person.name:1")).toThrow(SealError);
  });

  it("refuses a tampered value", () => {
    const sealed = seal(old, "secret", "c");
    const [v, kid, wrapped, body] = sealed.split(".");
    const bytes = Buffer.from(body!, "base64url");
    bytes[bytes.length - 20]! ^= 1;
    expect(() => open(old, [v, kid, wrapped, bytes.toString("base64url")].join("."), "c")).toThrow(SealError);
    expect(() => open(old, "v1.2025.x", "c")).toThrow(SealError);
    expect(() => open(old, "garbage", "c")).toThrow(SealError);
  });

  it("rotates by re-wrapping the data key only; old keys still open old values", () => {
    const sealed = seal(old, "secret", "c");
    expect(openText(rotated, sealed, "c")).toBe("secret");
    const moved = rewrap(rotated, sealed);
    expect(keyIdOf(moved)).toBe("2026");
    expect(moved.split(".")[3]).toBe(sealed.split(".")[3]); // the ciphertext itself is untouched
    expect(openText({ activeKeyId: "2026", keys: new Map([["2026", k2]]) }, moved, "c")).toBe("secret");
    expect(() => open(old, moved, "c")).toThrow(/unknown key id 2026/);
  });
});

describe("lookup hash", () => {
  it("is stable for a key and differs between keys and purposes", () => {
    const key = randomBytes(32);
    expect(lookupHash(key, "pnr", "191212121212")).toBe(lookupHash(key, "pnr", "191212121212"));
    expect(lookupHash(key, "pnr", "191212121212")).not.toBe(lookupHash(randomBytes(32), "pnr", "191212121212"));
    expect(lookupHash(key, "pnr", "191212121212")).not.toBe(lookupHash(key, "email", "191212121212"));
  });
});
