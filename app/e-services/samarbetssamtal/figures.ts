import { share, type Fact, type Share } from "~/figures/figures";
import { serviceFigures, shareBlock, shareRow } from "~/figures/service-figures";
import { withinTarget } from "./slots";

/**
 * What the unit follows about samarbetssamtal (DOMAIN.md): of the requests (the parent who asked),
 * those whose first talk (the earliest booked time of either parent, not cancelled, not a
 * no-show) starts within 14 days of the request (target 100 %).
 */

export const targets = { within14Days: 1 } as const;

export interface SamarbetssamtalFigures {
  within14Days: Share;
}

function computeSamarbetssamtalFigures(facts: readonly Fact[]): SamarbetssamtalFigures {
  const requests = facts.filter((f) => f.bookingParty === "requester" && f.requestedAt);
  return {
    within14Days: share(
      requests.filter((f) => f.firstTalkAt && withinTarget(f.requestedAt!, f.firstTalkAt)).length,
      requests.length,
    ),
  };
}

export const samarbetssamtalFigures = serviceFigures<SamarbetssamtalFigures>({
  compute: computeSamarbetssamtalFigures,
  blocks: (months) => [
    shareBlock({
      id: "ss-within",
      chart: "staff:figures.ss.chart",
      table: "staff:figures.ss.table",
      shares: months.map((m) => m.figures.within14Days),
      target: targets.within14Days,
    }),
  ],
  rows: ({ month, figures }) => [
    shareRow(
      month,
      "samarbetssamtal",
      "first_talk_within_14_days_share",
      figures.within14Days,
      "",
      targets.within14Days,
    ),
  ],
  headline: () => [],
  definitions: ["staff:figures.definitions.ss"],
});
