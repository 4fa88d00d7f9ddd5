import { useTranslation } from "react-i18next";
import type { StepPageData } from "~/intake/step-route.server";
import type { ConfirmStepData } from "./definition.server";

/** The custom step's own fields; the engine draws the form, heading and buttons around them. */
export function ConfirmStep({ page }: { page: StepPageData }) {
  const { t } = useTranslation(["provtjanst", "forms"]);
  const data = page.custom as ConfirmStepData;
  const problem = page.problems.find((p) => p.field === "word");
  return (
    <div className="field">
      <label htmlFor="f-word">{t("provtjanst:fields.bekrafta.word.label", { word: data.word })}</label>
      {problem ? (
        <p id="f-word-error" className="error-message">
          <span className="visually-hidden">{t("forms:errorPrefix")}</span> {t("provtjanst:fields.bekrafta.word.error")}
        </p>
      ) : null}
      <input
        className="input"
        id="f-word"
        name="word"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "f-word-error" : undefined}
      />
    </div>
  );
}
