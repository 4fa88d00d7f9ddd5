import {
  breakdown,
  durations,
  minutesBetween,
  share,
  type Breakdown,
  type Durations,
  type Fact,
  type Share,
} from "~/figures/figures";
import { serviceFigures, shareBlock, shareRow, sumBreakdowns, valueRow } from "~/figures/service-figures";

/**
 * What the committee follows about reports of concern (DOMAIN.md), from the facts of a month's
 * reports:
 * - through the e-service: e-service reports ÷ all reports (target 50 %), also for reports about
 *   children, and broken down by reporter type, organisation type and school or preschool unit
 *   (each breakdown: that group's e-service reports ÷ that group's reports); reports registered
 *   by staff on paper count in the denominator;
 * - acute reports: acute ÷ all reports; time to claim: from arrival to the robot's first claim of
 *   the report (median and 95th percentile, of the acute reports claimed).
 */

export const targets = { eService: 0.5 } as const;

export interface OrosanmalanFigures {
  eService: Share;
  aboutChildren: Share;
  byReporter: Breakdown[];
  byOrganisation: Breakdown[];
  byUnit: Breakdown[];
  acute: Share;
  acuteTimeToClaim: Durations;
}

const online = (facts: readonly Fact[]) => share(facts.filter((f) => f.channel === "e-service").length, facts.length);

function computeOrosanmalanFigures(facts: readonly Fact[]): OrosanmalanFigures {
  const acute = facts.filter((f) => f.acute);
  return {
    eService: online(facts),
    aboutChildren: online(facts.filter((f) => f.about === "barn")),
    byReporter: breakdown(facts, (f) => f.reporter),
    byOrganisation: breakdown(facts, (f) => f.organisation),
    byUnit: breakdown(facts, (f) => f.unit),
    acute: share(acute.length, facts.length),
    acuteTimeToClaim: durations(
      acute.filter((f) => f.firstClaimAt).map((f) => minutesBetween(f.submittedAt, f.firstClaimAt!)),
    ),
  };
}

const ID = "orosanmalan";

export const orosanmalanFigures = serviceFigures<OrosanmalanFigures>({
  compute: computeOrosanmalanFigures,
  blocks: (months) => [
    shareBlock({
      id: "oa-eservice",
      chart: "staff:figures.oa.eServiceChart",
      table: "staff:figures.oa.eServiceTable",
      shares: months.map((m) => m.figures.eService),
      target: targets.eService,
      series: [
        { label: "staff:figures.oa.allReports", values: months.map((m) => m.figures.eService.share) },
        { label: "staff:figures.oa.aboutChildren", values: months.map((m) => m.figures.aboutChildren.share) },
      ],
      columns: [
        {
          header: "staff:figures.oa.aboutChildrenShare",
          format: "percent",
          values: months.map((m) => m.figures.aboutChildren.share),
        },
      ],
    }),
    { kind: "heading", title: "staff:figures.oa.breakdownTitle", intro: "staff:figures.oa.breakdownIntro" },
    {
      kind: "breakdown",
      id: "oa-reporter",
      caption: "staff:figures.oa.byReporter",
      groups: sumBreakdowns(months.map((m) => m.figures.byReporter)),
      names: { prefix: "staff:figures.reporter" },
    },
    {
      kind: "breakdown",
      id: "oa-organisation",
      caption: "staff:figures.oa.byOrganisation",
      groups: sumBreakdowns(months.map((m) => m.figures.byOrganisation)),
      names: { prefix: "staff:figures.organisation" },
    },
    {
      kind: "breakdown",
      id: "oa-unit",
      caption: "staff:figures.oa.byUnit",
      groups: sumBreakdowns(months.map((m) => m.figures.byUnit)),
      names: "units",
    },
    { kind: "heading", title: "staff:figures.oa.acuteTitle", intro: null },
    shareBlock({
      id: "oa-acute",
      chart: "staff:figures.oa.acuteChart",
      table: "staff:figures.oa.acuteTable",
      shares: months.map((m) => m.figures.acute),
      columns: [
        {
          header: "staff:figures.columns.median",
          format: "duration",
          values: months.map((m) => m.figures.acuteTimeToClaim.medianMinutes),
        },
        {
          header: "staff:figures.columns.p95",
          format: "duration",
          values: months.map((m) => m.figures.acuteTimeToClaim.p95Minutes),
        },
      ],
    }),
  ],
  rows: ({ month, figures: oa }) => [
    shareRow(month, ID, "e_service_share", oa.eService, "", targets.eService),
    shareRow(month, ID, "e_service_share", oa.aboutChildren, "about:barn", targets.eService),
    ...oa.byReporter.map((b) => shareRow(month, ID, "e_service_share", b.share, `reporter:${b.key}`)),
    ...oa.byOrganisation.map((b) => shareRow(month, ID, "e_service_share", b.share, `organisation:${b.key}`)),
    ...oa.byUnit.map((b) => shareRow(month, ID, "e_service_share", b.share, `unit:${b.key}`)),
    shareRow(month, ID, "acute_share", oa.acute),
    valueRow(month, ID, "acute_claim_minutes_median", oa.acuteTimeToClaim.medianMinutes),
    valueRow(month, ID, "acute_claim_minutes_p95", oa.acuteTimeToClaim.p95Minutes),
  ],
  headline: (figures) => [
    { title: "staff:start.headline.oaEService", share: figures.eService, target: targets.eService },
  ],
  definitions: ["staff:figures.definitions.oa", "staff:figures.definitions.acute"],
});
