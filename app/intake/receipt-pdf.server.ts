import { i18next, languageOfRequest } from "../i18n/i18next.server";
import { languageOf } from "../i18n/languages";
import { residentDates } from "../i18n/resident-dates";
import type { RequestContext } from "../load-context";
import { renderReceiptPdf } from "../receipts/receipt-pdf.server";
import { formatFileSize } from "./file-size";
import { formatAnswer } from "./format-answer";
import { receiptFacts, receiptSubmission } from "./receipt.server";
import { answerSections } from "./review.server";

/** The receipt as a PDF in the reader's language, from the same rows as the web page. */
export async function receiptPdfResponse(
  request: Request,
  context: RequestContext,
  params: Record<string, string | undefined>,
) {
  const { definition, row, answers, files } = await receiptSubmission(request, context, params);
  const language = await languageOfRequest(request);
  const ns = definition.id;
  const t = await i18next.getFixedT(language, [ns, "intake", "forms"]);
  const facts = receiptFacts(definition, row, answers);
  const socialjour = context.services.config.municipality.socialjour.phone;
  const time = residentDates(language).dateTime;

  const fileSection = files.length
    ? [
        {
          heading: t("intake:receipt.filesTitle"),
          rows: files.map((file) => ({ label: file.filename, value: formatFileSize(file.size, language) })),
        },
      ]
    : [];
  const answerRows = answerSections(definition, answers, { units: context.services.config.municipality.units }).map(
    (section) => ({
      heading: t(`${ns}:steps.${section.stepId}.title`),
      rows: section.groups.flatMap((rows, index) => [
        ...(section.groups.length > 1
          ? [{ label: t(`${ns}:steps.${section.stepId}.item`, { number: index + 1 }), value: "" }]
          : []),
        ...rows.map((answer) => {
          const base = `${ns}:fields.${section.stepId}.${answer.fieldId}`;
          return {
            label: t(`${base}.label`),
            value: formatAnswer(answer.kind, answer.value, { t, language, base, maskIdentityNumbers: true }),
          };
        }),
      ]),
    }),
  );

  const pdf = await renderReceiptPdf({
    language,
    direction: languageOf(language).dir,
    title: `${t("intake:receipt.pdfTitle")} – ${t(`${ns}:title`)}`,
    municipality: context.services.config.municipality.name,
    labels: {
      reference: t("intake:receipt.reference"),
      arrivedAt: t("intake:receipt.arrived"),
      page: t("intake:receipt.page"),
    },
    reference: row.reference,
    arrivedAt: row.submittedAt ? time(row.submittedAt) : t("intake:receipt.notYet"),
    sections: [...fileSection, ...answerRows],
    notes: [
      ...(facts.acute ? [`${t(`${ns}:receipt.acute`)} ${t(`${ns}:receipt.acuteClosed`)} ${socialjour}`] : []),
      t(`${ns}:receipt.${facts.nextKey}`),
    ],
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="kvittens-${row.reference}.pdf"`,
      "Cache-Control": "no-store",
    },
  });
}
