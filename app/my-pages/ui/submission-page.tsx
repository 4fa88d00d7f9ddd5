import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BackLink } from "~/ui/back-link";
import { AnswerList, isSingleAnswer } from "~/intake/ui/answer-list";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type { SubmissionPageData } from "../submission.server";
import { residentDates } from "~/i18n/resident-dates";
import { StatusTag } from "./status-tag";

const ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif";

export function SubmissionPage({ page }: { page: SubmissionPageData & { draftMessage?: string } }) {
  const { t, i18n } = useTranslation([page.serviceId, "mypages", "intake", "forms"]);
  const { dateTime } = residentDates(i18n.language);
  const [params] = useSearchParams();
  const answered = params.get("svar");
  const errorText = (code: string) => {
    const [kind, reason, name] = code.split(":");
    return kind === "refused"
      ? t(`intake:documents.refused.${reason}`, { name, max: 20 })
      : t(`mypages:submission.errors.${kind}`);
  };
  return (
    <>
      <BackLink to="/mina-sidor" text={t("mypages:submission.back")} />
      {page.errors.length ? (
        <ErrorSummary>
          {page.errors.map((code) => (
            <li key={code}>
              <a href="#f-message">{errorText(code)}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      {answered && /^[a-z_]+$/.test(answered) ? (
        <div className="notice" role="status">
          <p>{t(`mypages:submission.answered.${answered}`)}</p>
        </div>
      ) : null}
      <span className="caption">{t(`${page.serviceId}:title`)}</span>
      <h1>
        <span className="ltr">{page.reference}</span>
      </h1>
      <dl className="summary-list">
        <dt>{t("mypages:overview.status")}</dt>
        <dd>
          <StatusTag status={page.status} />
        </dd>
        {page.caseNumber ? (
          <>
            <dt>{t("mypages:submission.caseNumber")}</dt>
            <dd>
              <span className="ltr">{page.caseNumber}</span>
            </dd>
          </>
        ) : null}
        <dt>{t("intake:receipt.arrived")}</dt>
        <dd>{page.submittedAt ? dateTime(page.submittedAt) : t("intake:receipt.notYet")}</dd>
      </dl>
      {page.as === "sender" ? (
        <p>
          <Link to={page.receiptUrl}>{t("mypages:submission.receipt")}</Link>
        </p>
      ) : null}

      <h2>{t("mypages:submission.history")}</h2>
      <ol className="items">
        {page.events.map((event, i) => (
          <li key={i}>
            <span>
              {t(`mypages:events.${event.kind}`, { defaultValue: t("mypages:events.other") })}
              {event.text ? (
                <>
                  <br />
                  {event.text}
                </>
              ) : null}
            </span>
            <span className="secondary">{dateTime(event.at)}</span>
          </li>
        ))}
      </ol>

      <h2 id="meddelanden">{t("mypages:submission.messages")}</h2>
      {page.messages.length ? (
        <ol className="items">
          {page.messages.map((m) => (
            <li key={m.id}>
              <span>
                <strong>
                  {t(m.direction === "to_person" ? "mypages:submission.fromServices" : "mypages:submission.fromYou")}
                </strong>
                {m.kind === "supplement_request" ? (
                  <strong className="tag attention">{t("mypages:submission.supplementRequest")}</strong>
                ) : null}
                <br />
                <span className="message-body">{m.body}</span>
              </span>
              <span className="secondary">{dateTime(m.at)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("mypages:submission.noMessages")}</p>
      )}
      {page.canWrite ? (
        <form method="post" encType="multipart/form-data" noValidate>
          <CsrfField />
          <div className={`form-group${page.errors.length ? " form-group-error" : ""}`}>
            <label htmlFor="f-message" className="label">
              {t("mypages:submission.write")}
            </label>
            <div className="hint" id="f-message-hint">
              {t("mypages:submission.writeHint")}
            </div>
            <textarea
              id="f-message"
              name="message"
              className="textarea"
              rows={5}
              maxLength={5000}
              defaultValue={page.draftMessage}
              aria-describedby="f-message-hint"
            />
          </div>
          <div className="form-group">
            <label htmlFor="f-files" className="label">
              {t("mypages:submission.attach")}
            </label>
            <input type="file" id="f-files" name="files" multiple accept={ACCEPT} className="file-input" />
          </div>
          <button type="submit" className="button">
            {t("mypages:submission.send")}
          </button>
        </form>
      ) : null}

      {page.files.length ? (
        <>
          <h2>{t("mypages:submission.documents")}</h2>
          <ul className="items">
            {page.files.map((f) => (
              <li key={f.id}>
                <a href={`/mina-sidor/arenden/${page.reference}/filer/${f.id}`} download>
                  {f.filename}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t("mypages:submission.answers")}</h2>
      {page.sections.map((section) =>
        isSingleAnswer(section) ? (
          <AnswerList key={section.stepId} serviceId={page.serviceId} section={section} changeLinks={false} />
        ) : (
          <section key={section.stepId} aria-labelledby={`a-${section.stepId}`}>
            <h3 id={`a-${section.stepId}`}>{t(`${page.serviceId}:steps.${section.stepId}.title`)}</h3>
            <AnswerList serviceId={page.serviceId} section={section} changeLinks={false} />
          </section>
        ),
      )}

      {page.canWithdraw ? (
        <>
          <h2>{t("mypages:submission.withdrawTitle")}</h2>
          <p>{t("mypages:submission.withdrawBody")}</p>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="button warning-button">
              {t("mypages:submission.withdraw")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
