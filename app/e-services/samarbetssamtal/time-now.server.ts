import type { Executor } from "#db/connect";
import type { ReviewSection } from "~/intake/review.server";
import { liveBookingOf } from "./booking.server";
import { slotLabel } from "./slots";

/**
 * The sent answers with the booked time as it holds now: after a move the time that holds, after
 * a cancellation none, so neither the receipt nor the unit's item page names the time first chosen.
 */
export async function sectionsWithTimeNow(
  db: Executor,
  submissionId: string,
  sections: ReviewSection[],
): Promise<ReviewSection[]> {
  const live = await liveBookingOf(db, submissionId);
  return sections.map((section) =>
    section.stepId !== "tid"
      ? section
      : {
          ...section,
          groups: section.groups.map((rows) =>
            rows.flatMap((row) =>
              row.fieldId !== "time"
                ? [row]
                : live
                  ? [{ ...row, value: slotLabel(live.slot.startsAt, live.slot.minutes) }]
                  : [],
            ),
          ),
        },
  );
}
