import type { StepPageData } from "~/intake/step-route.server";
import type { FieldView } from "~/intake/view";
import { FieldInput } from "~/ui/form/field-input";
import { CO_APPLICANT_INPUT } from "./answers";

/**
 * The co-applicant's personnummer: the engine's own field, drawn under the input name the
 * step's `read` takes (co-applicant-step.server.ts), showing back what was typed when refused.
 */
export function CoApplicantStep({ page }: { page: StepPageData }) {
  const saved = page.fields.find((f) => f.name === "pnr");
  const problem = page.problems.find((p) => p.field === CO_APPLICANT_INPUT);
  const savedValue = saved?.values.pnr;
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
  return <FieldInput namespace={page.serviceId} stepId={page.stepId} field={field} />;
}
