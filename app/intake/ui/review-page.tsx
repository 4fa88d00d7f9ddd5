import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BackLink } from "~/ui/back-link";
import { pagesOf } from "~/e-services/registry";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import { TextList } from "~/ui/text-list";
import type { ReviewPageData } from "../review.server";
import { AnswerList, isSingleAnswer } from "./answer-list";

/** Check your answers: everything that will be sent, each with a way back to change it. */
export function ReviewPage({ page }: { page: ReviewPageData }) {
  const { t, i18n } = useTranslation([page.serviceId, "intake", "forms"]);
  const ns = page.serviceId;
  const Panel = pagesOf(ns).reviewPanel;
  // What follows from the declaration (checks with other authorities, repayment), when the service says it.
  const declarationHint = i18n.exists(`${ns}:review.declarationHint`) ? t(`${ns}:review.declarationHint`) : null;
  const describedBy = [
    declarationHint ? "f-declaration-hint" : null,
    page.declarationMissing ? "f-declaration-error" : null,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <>
      <BackLink to={page.back} />
      {page.declarationMissing ? (
        <ErrorSummary>
          <li>
            <a href="#f-declaration">{t("intake:review.declarationMissing")}</a>
          </li>
        </ErrorSummary>
      ) : null}
      <span className="caption">{t(`${ns}:title`)}</span>
      <h1>{t("intake:review.title")}</h1>
      {page.sections.map((section) =>
        isSingleAnswer(section) ? (
          <AnswerList key={section.stepId} serviceId={ns} section={section} changeLinks />
        ) : (
          <section key={section.stepId} aria-labelledby={`s-${section.stepId}`}>
            <h2 id={`s-${section.stepId}`}>{t(`${ns}:steps.${section.stepId}.title`)}</h2>
            <AnswerList serviceId={ns} section={section} changeLinks />
          </section>
        ),
      )}
      {Panel && page.computed ? <Panel computed={page.computed} /> : null}
      {page.documents.length ? (
        <section aria-labelledby="s-documents">
          <h2 id="s-documents">{t("intake:review.documents")}</h2>
          <dl className="answers">
            {page.documents.map((doc) => (
              <div className="row" key={doc.ruleId}>
                <dt>{t(`${ns}:documents.${doc.ruleId}.label`)}</dt>
                <dd>{t(`intake:documents.resolution.${doc.resolution}`, { count: doc.files })}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <h2>{t("intake:review.sendTitle")}</h2>
      <p>{t(`${ns}:review.beforeSending`)}</p>
      {/* What a service must tell before anything is sent (who may learn of a report, and what). */}
      {i18n.exists(`${ns}:review.disclosure`) ? <TextList ns={ns} k="review.disclosure" /> : null}
      <Form method="post">
        <CsrfField />
        {page.declaration ? (
          <div className={`form-group${page.declarationMissing ? " form-group-error" : ""}`}>
            {declarationHint ? (
              <p id="f-declaration-hint" className="hint">
                {declarationHint}
              </p>
            ) : null}
            {page.declarationMissing ? (
              <p id="f-declaration-error" className="error-message">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span>{" "}
                {t("intake:review.declarationMissing")}
              </p>
            ) : null}
            <div className="choice">
              <input
                type="checkbox"
                id="f-declaration"
                name="declaration"
                value="ja"
                aria-describedby={describedBy || undefined}
                aria-invalid={page.declarationMissing || undefined}
              />
              <label htmlFor="f-declaration">{t(`${ns}:review.declaration`)}</label>
            </div>
          </div>
        ) : null}
        <button type="submit" className="button">
          {t(`${ns}:review.submit`)}
        </button>
      </Form>
    </>
  );
}
