import { describe, expect, it } from "vitest";
import { checkCharacter, isValidReference, newReference } from "~/intake/reference";

describe("receipt references", () => {
  it("look like EB-7K3M-9QXP and carry no ambiguous characters", () => {
    for (let i = 0; i < 500; i++) {
      const ref = newReference("EB");
      expect(ref).toMatch(/^EB-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      expect(isValidReference(ref)).toBe(true);
    }
  });

  it("catch every single mistyped character and adjacent swaps", () => {
    const ref = newReference("OA");
    const chars = ref.replace(/-/g, "").slice(2).split("");
    const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    for (let i = 0; i < chars.length; i++) {
      for (const c of alphabet) {
        if (c === chars[i]) continue;
        const typo = [...chars];
        typo[i] = c;
        const text = `OA-${typo.slice(0, 4).join("")}-${typo.slice(4).join("")}`;
        expect(isValidReference(text), text).toBe(false);
      }
    }
    const swapped = [...chars];
    const at = swapped.findIndex((c, i) => i < 7 && c !== swapped[i + 1]);
    if (at >= 0 && at < 3) {
      [swapped[at], swapped[at + 1]] = [swapped[at + 1]!, swapped[at]!];
      expect(isValidReference(`OA-${swapped.slice(0, 4).join("")}-${swapped.slice(4).join("")}`)).toBe(false);
    }
  });

  it("refuses malformed references", () => {
    for (const bad of ["", "EB-1234-5678", "EB-ABCD-EFGO", "EB7K3M9QXP", "x".repeat(100)])
      expect(isValidReference(bad)).toBe(false);
    expect(checkCharacter("2222222")).toHaveLength(1);
  });
});
