import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BackLink } from "~/ui/back-link";
import { pagesOf } from "~/e-services/registry";
import { isLanguageCode } from "~/i18n/languages";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import { TextList } from "~/ui/text-list";
import { formatAnswer } from "../format-answer";
import type { ReviewPageData, ReviewSection } from "../review.server";

/** Answers that read left to right in every script: numbers people type and compare. */
const LEFT_TO_RIGHT = new Set(["personnummer", "phone", "email", "amount", "integer"]);

/** Answers as a definition list. Outside check-your-answers, other people's numbers are masked. */
export function AnswerList({
  serviceId,
  section,
  changeLinks,
  coParty = false,
}: {
  serviceId: string;
  section: ReviewSection;
  changeLinks: boolean;
  /** Read by a co-party: a service may word a question to them ("your personnummer"). */
  coParty?: boolean;
}) {
  const { t, i18n } = useTranslation([serviceId, "forms"]);
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const empty = section.groups.every((rows) => rows.length === 0);
  if (empty) {
    return (
      <dl className="answers">
        <div className="row">
          <dt>{t(`${serviceId}:steps.${section.stepId}.title`)}</dt>
          <dd>{t("forms:noAnswer")}</dd>
          {changeLinks ? (
            <dd>
              <Link to={section.change}>{t("forms:change")}</Link>
            </dd>
          ) : null}
        </div>
      </dl>
    );
  }
  return (
    <>
      {section.groups.map((rows, index) => (
        <div key={index}>
          {section.groups.length > 1 ? (
            <h3>{t(`${serviceId}:steps.${section.stepId}.item`, { number: index + 1 })}</h3>
          ) : null}
          <dl className="answers">
            {rows.map((row) => {
              const base = `${serviceId}:fields.${section.stepId}.${row.fieldId}`;
              const label = coParty
                ? t([`${serviceId}:coParty.fields.${section.stepId}.${row.fieldId}.label`, `${base}.label`])
                : t(`${base}.label`);
              return (
                <div className="row" key={row.fieldId}>
                  <dt>{label}</dt>
                  <dd>
                    {/* Isolated, so numbers, times and Latin names keep their order inside Arabic and Persian. */}
                    <bdi className={LEFT_TO_RIGHT.has(row.kind) ? "ltr" : undefined}>
                      {formatAnswer(row.kind, row.value, { t, language, base, maskIdentityNumbers: !changeLinks })}
                    </bdi>
                  </dd>
                  {changeLinks ? (
                    <dd>
                      <Link to={section.change}>
                        {t("forms:change")}
                        <span className="visually-hidden"> {label}</span>
                      </Link>
                    </dd>
                  ) : null}
                </div>
              );
            })}
          </dl>
        </div>
      ))}
    </>
  );
}

/** A step that asked one question needs no heading above its one answer. */
export const isSingleAnswer = (section: ReviewSection) =>
  section.groups.length <= 1 && (section.groups[0]?.length ?? 0) <= 1;

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
