import { share, type Fact, type Share } from "~/figures/figures";
import { serviceFigures, shareBlock, shareRow } from "~/figures/service-figures";

/**
 * What the committee follows about försörjningsstöd (DOMAIN.md), from the facts of a month's
 * applications (one per household and month):
 * - through the e-service: e-service applications ÷ all applications (target 90 %);
 * - attaching documents: of the e-service applications where proofs were asked for, those where
 *   every proof asked for was attached or an unchanged copy confirmed (target 100 %); applications
 *   where no proof was asked for are left out.
 */

export const targets = { eService: 0.9, documents: 1 } as const;

export interface ForsorjningsstodFigures {
  eService: Share;
  documents: Share;
  documentsSome: number;
  documentsNone: number;
}

function computeForsorjningsstodFigures(facts: readonly Fact[]): ForsorjningsstodFigures {
  const online = facts.filter((f) => f.channel === "e-service");
  const asked = online.filter((f) => f.documentsAttached && f.documentsAttached !== "not_asked");
  return {
    eService: share(online.length, facts.length),
    documents: share(asked.filter((f) => f.documentsAttached === "all").length, asked.length),
    documentsSome: asked.filter((f) => f.documentsAttached === "some").length,
    documentsNone: asked.filter((f) => f.documentsAttached === "none").length,
  };
}

const ID = "forsorjningsstod";

export const forsorjningsstodFigures = serviceFigures<ForsorjningsstodFigures>({
  compute: computeForsorjningsstodFigures,
  blocks: (months) => [
    shareBlock({
      id: "fs-eservice",
      chart: "staff:figures.fs.eServiceChart",
      table: "staff:figures.fs.eServiceTable",
      shares: months.map((m) => m.figures.eService),
      target: targets.eService,
    }),
    shareBlock({
      id: "fs-documents",
      chart: "staff:figures.fs.documentsChart",
      table: "staff:figures.fs.documentsTable",
      shares: months.map((m) => m.figures.documents),
      target: targets.documents,
      columns: [
        { header: "staff:figures.fs.some", format: "number", values: months.map((m) => m.figures.documentsSome) },
        { header: "staff:figures.fs.none", format: "number", values: months.map((m) => m.figures.documentsNone) },
      ],
    }),
  ],
  rows: ({ month, figures }) => [
    shareRow(month, ID, "e_service_share", figures.eService, "", targets.eService),
    shareRow(month, ID, "documents_attached_share", figures.documents, "", targets.documents),
  ],
  headline: (figures) => [
    { title: "staff:start.headline.fsEService", share: figures.eService, target: targets.eService },
    { title: "staff:start.headline.fsDocuments", share: figures.documents, target: targets.documents },
  ],
  definitions: ["staff:figures.definitions.fs", "staff:figures.definitions.fsDocuments"],
});
