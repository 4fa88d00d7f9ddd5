import { useTranslation } from "react-i18next";
import { isLanguageCode } from "~/i18n/languages";
import { residentDates } from "~/i18n/resident-dates";
import { formatFileSize } from "../file-size";
import { PhoneLink } from "~/ui/phone-link";
import type { ReceiptPageData } from "../receipt.server";
import { AnswerList, isSingleAnswer } from "./answer-list";

/** The receipt (kvittens): reference and arrival time first, then what was sent. */
export function ReceiptPage({ page }: { page: ReceiptPageData }) {
  const { t, i18n } = useTranslation([page.serviceId, "intake", "common"]);
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const time = residentDates(language).dateTime;
  // Only a submission made before co-parties stopped holding submissions back still waits.
  const awaiting = page.status === "awaiting_confirmation";
  return (
    <>
      <div className="panel" role="status">
        <h1>{t(awaiting ? "intake:receipt.awaitingTitle" : `${page.serviceId}:receipt.title`)}</h1>
        <p>
          {t("intake:receipt.reference")}
          <br />
          <strong className="reference ltr">{page.reference}</strong>
        </p>
      </div>
      <dl className="summary-list">
        <dt>{t("intake:receipt.arrived")}</dt>
        <dd>{page.submittedAt ? time(page.submittedAt) : t("intake:receipt.notYet")}</dd>
        <dt>{t("intake:receipt.started")}</dt>
        <dd>{time(page.createdAt)}</dd>
      </dl>
      {page.coParties > 0 && !awaiting ? <p className="notice">{t(`${page.serviceId}:receipt.coParty`)}</p> : null}
      {page.acute ? (
        <section className="acute" aria-labelledby="acute-receipt">
          <h2 id="acute-receipt">{t(`${page.serviceId}:receipt.acuteTitle`)}</h2>
          <p>{t(`${page.serviceId}:receipt.acute`)}</p>
          <p className="call">
            <a href="tel:112">{t("common:acute.call")}</a>
          </p>
          <p>
            {t(`${page.serviceId}:receipt.acuteClosed`)} <PhoneLink phone={page.socialjourPhone} />
          </p>
        </section>
      ) : null}
      <h2>{t("intake:receipt.nextTitle")}</h2>
      <p>{t(`${page.serviceId}:receipt.${page.nextKey}`)}</p>
      <p>
        <a href={page.pdfUrl} download>
          {t("intake:receipt.pdf")}
        </a>
      </p>
      {page.sender === "mina-sidor" ? (
        <p>{t("intake:receipt.myPages")}</p>
      ) : (
        // A service where a logged-in person may also stay anonymous, or where a named sender need
        // not log in, words this itself; the engine's text only says it was sent without a login.
        <p>{t([`${page.serviceId}:receipt.${page.sender}`, "intake:receipt.anonymous"])}</p>
      )}
      {page.files.length ? (
        <>
          <h2>{t("intake:receipt.filesTitle")}</h2>
          <ul className="items">
            {page.files.map((file, i) => (
              <li key={i}>
                <bdi>{file.filename}</bdi> ({formatFileSize(file.size, language)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("intake:receipt.sentTitle")}</h2>
      {page.sections.map((section) =>
        isSingleAnswer(section) ? (
          <AnswerList key={section.stepId} serviceId={page.serviceId} section={section} changeLinks={false} />
        ) : (
          <section key={section.stepId} aria-labelledby={`r-${section.stepId}`}>
            <h3 id={`r-${section.stepId}`}>{t(`${page.serviceId}:steps.${section.stepId}.title`)}</h3>
            <AnswerList serviceId={page.serviceId} section={section} changeLinks={false} />
          </section>
        ),
      )}
    </>
  );
}
