import { describe, expect, it } from "vitest";
import { translator } from "~/i18n/server-translations.server";
import { auditActionLabel } from "~/staff/audit/action-label";

describe("audit action labels", () => {
  it("names an action in the console's language, a robot call by its operation, and an unknown action by its code", async () => {
    const sv = await translator("sv", "staff");
    const en = await translator("en", "staff");
    expect(auditActionLabel(sv, "robot_item_taken_over")).toBe("Tog över från en kollega");
    expect(auditActionLabel(en, "robot_item_taken_over")).toBe("Took it over from a colleague");
    expect(auditActionLabel(sv, "robot_api.claim")).toBe("Robotens anrop: claim");
    expect(auditActionLabel(en, "co_party_confirm")).toBe("Co-applicant confirmed");
    expect(auditActionLabel(sv, "something_new")).toBe("something_new");
  });
});
