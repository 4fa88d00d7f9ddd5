import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BackLink } from "~/ui/back-link";
import { AnswerList, isSingleAnswer } from "~/intake/ui/answer-list";
import { CsrfField } from "~/ui/csrf-field";
import type { ConfirmationPageData } from "../confirmation.server";
import { residentDates } from "~/i18n/resident-dates";

/** A co-applicant reads what they are asked to confirm, then confirms or declines. */
export function ConfirmationPage({ page }: { page: ConfirmationPageData }) {
  const { t, i18n } = useTranslation([page.serviceId, "mypages"]);
  const { date } = residentDates(i18n.language);
  return (
    <>
      <BackLink to="/mina-sidor" text={t("mypages:submission.back")} />
      <span className="caption">{t(`${page.serviceId}:title`)}</span>
      <h1>{t("mypages:confirm.title")}</h1>
      {page.pending ? (
        <p className="lead">{t("mypages:confirm.intro", { date: date(page.expiresAt) })}</p>
      ) : (
        <p className="notice">{t(`mypages:confirm.notPending.${page.partyStatus}`)}</p>
      )}
      <p>{t("mypages:confirm.notShown")}</p>
      {page.sections.map((section) =>
        isSingleAnswer(section) ? (
          <AnswerList key={section.stepId} serviceId={page.serviceId} section={section} changeLinks={false} coParty />
        ) : (
          <section key={section.stepId} aria-labelledby={`c-${section.stepId}`}>
            <h2 id={`c-${section.stepId}`}>
              {t([
                `${page.serviceId}:coParty.steps.${section.stepId}.title`,
                `${page.serviceId}:steps.${section.stepId}.title`,
              ])}
            </h2>
            <AnswerList serviceId={page.serviceId} section={section} changeLinks={false} coParty />
          </section>
        ),
      )}
      {page.pending ? (
        <>
          <h2>{t("mypages:confirm.question")}</h2>
          <p>{t("mypages:confirm.meaning")}</p>
          <div className="button-group">
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="answer" value="confirm" />
              <button type="submit" className="button">
                {t("mypages:confirm.confirm")}
              </button>
            </Form>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="answer" value="decline" />
              <button type="submit" className="button secondary-button">
                {t("mypages:confirm.decline")}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </>
  );
}
