import { useTranslation } from "react-i18next";
import type { StepPageData } from "~/intake/step-route.server";
import type { FieldView } from "~/intake/view";
import { FieldInput } from "~/ui/form/field-input";
import { CO_APPLICANT_INPUT, WITHOUT_PARTNER_INPUT } from "./answers";

/**
 * The co-applicant's personnummer: the engine's own field, drawn under the input name the
 * step's `read` takes (co-applicant-step.server.ts), showing back what was typed when refused.
 * Below it, folded away but findable by anyone who looks (and working without JavaScript, as
 * <details> does), the way to apply without involving a partner who uses violence or threats.
 */
export function CoApplicantStep({ page }: { page: StepPageData }) {
  const { t } = useTranslation(page.serviceId);
  const saved = page.fields.find((f) => f.name === "pnr");
  const problem = page.problems.find((p) => p.field === CO_APPLICANT_INPUT);
  const savedValue = saved?.values.pnr;
  const chosenWithout =
    page.fields.find((f) => f.name === WITHOUT_PARTNER_INPUT)?.values[WITHOUT_PARTNER_INPUT] === "ja";
  const field: FieldView = {
    name: CO_APPLICANT_INPUT,
    kind: "personnummer",
    required: true,
    width: "medium",
    values: {
      [CO_APPLICANT_INPUT]: problem
        ? String(problem.params?.typed ?? "")
        : typeof savedValue === "string"
          ? savedValue
          : "",
    },
    error: problem ? { code: problem.error, params: problem.params } : undefined,
  };
  const id = `f-${WITHOUT_PARTNER_INPUT}`;
  return (
    <>
      <FieldInput namespace={page.serviceId} stepId={page.stepId} field={field} />
      <details className="form-group" open={chosenWithout}>
        <summary>{t("forsorjningsstod:withoutPartner.summary")}</summary>
        <p>{t("forsorjningsstod:withoutPartner.body")}</p>
        <div className="checkboxes">
          <div className="choice">
            <input
              type="checkbox"
              id={id}
              name={WITHOUT_PARTNER_INPUT}
              value="ja"
              defaultChecked={chosenWithout}
              aria-describedby={`${id}-hint`}
            />
            <label htmlFor={id}>{t("forsorjningsstod:withoutPartner.choice")}</label>
          </div>
        </div>
        <p className="hint" id={`${id}-hint`}>
          {t("forsorjningsstod:withoutPartner.choiceHint")}
        </p>
      </details>
    </>
  );
}
