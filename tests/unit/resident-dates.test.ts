import { expect, it } from "vitest";
import { residentDates } from "~/i18n/resident-dates";
import { languages } from "~/i18n/languages";

it("writes a resident's times on the 24-hour clock in Swedish time, in every language", () => {
  // 13:05 UTC on a winter day is 14:05 in Stockholm; 02:05 UTC is 03:05, a morning hour.
  for (const { code } of languages) {
    const { dateTime } = residentDates(code);
    expect(dateTime("2026-12-08T13:05:00Z"), code).toMatch(/14[:.]05/);
    expect(dateTime(new Date("2026-12-08T02:05:00Z")), code).toMatch(/(^|\D)0?3[:.]05/);
    // No day-half marker after the time (English PM, Arabic م, Persian ب.ظ, Somali GD).
    expect(dateTime("2026-12-08T13:05:00Z"), code).not.toMatch(/\d\s*(AM|PM|ص|م|GH|GD|ق\.ظ|ب\.ظ)(\s|$)/);
  }
});
