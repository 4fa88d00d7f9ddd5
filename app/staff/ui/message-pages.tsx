import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type { InboxData, ThreadData } from "../messages/pages.server";
import { useStaffFormat } from "./format";

export function InboxPage({ page }: { page: InboxData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (
    <>
      <h1>{t("messages.title")}</h1>
      <p className="lead">{t("messages.intro")}</p>
      {page.entries.length === 0 ? (
        <p>{t("messages.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="inbox-caption" tabIndex={0}>
          <table className="table compact">
            <caption id="inbox-caption" className="visually-hidden">
              {t("messages.title")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("messages.columns.reference")}</th>
                <th scope="col">{t("messages.columns.service")}</th>
                <th scope="col">{t("messages.columns.latest")}</th>
                <th scope="col">{t("messages.columns.state")}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.reference}>
                  <td>
                    <Link to={`/personal/meddelanden/${e.reference}`}>
                      <span className="ltr">{e.reference}</span>
                    </Link>
                  </td>
                  <td>
                    {t(`services.${e.serviceId}`)} ({t(`queueNames.${e.queue}`)})
                  </td>
                  <td>{f.dateTime(e.latestAt)}</td>
                  <td>
                    {e.unread ? (
                      <strong className="tag attention">{t("messages.unread", { count: e.unread })}</strong>
                    ) : e.answered ? (
                      <span className="tag done">{t("messages.answered")}</span>
                    ) : (
                      <span className="tag">{t("messages.read")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ThreadPage({ page }: { page: ThreadData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const error = page.error ? t(`messages.errors.${page.error}`) : null;
  return (
    <>
      <Link to="/personal/meddelanden" className="back-link">
        {t("messages.back")}
      </Link>
      {error && page.error !== "no_recipient" ? (
        <ErrorSummary>
          <li>
            <a href="#f-message">{error}</a>
          </li>
        </ErrorSummary>
      ) : null}
      {page.sent ? (
        <div className="panel" role="status">
          <p>{t(`messages.sentNotice.${page.sent}`)}</p>
        </div>
      ) : null}
      <span className="caption">{t(`services.${page.serviceId}`)}</span>
      <h1>
        {t("messages.threadTitle")} <span className="ltr">{page.reference}</span>
      </h1>
      <ol className="message-thread">
        {page.messages.map((m) => (
          <li key={m.id} className={m.direction === "from_person" ? "from-person" : undefined}>
            <p>
              <strong>{t(`messages.author.${m.direction === "from_person" ? "person" : m.author}`)}</strong>
              {m.kind === "supplement_request" ? ` – ${t("messages.supplementRequest")}` : ""}
              <br />
              <span className="secondary">{f.dateTime(m.at)}</span>
            </p>
            <p className="message-body" dir="auto">
              {m.body}
            </p>
            {m.files.length ? (
              <>
                <p>{t("messages.files")}</p>
                <ul>
                  {m.files.map((file) => (
                    <li key={file.id}>
                      <a href={`/personal/meddelanden/${page.reference}/filer/${file.id}`} download dir="auto">
                        {file.filename}
                      </a>{" "}
                      <span className="secondary">({f.number(Math.ceil(file.size / 1024))} kB)</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </li>
        ))}
      </ol>
      <h2 id="svar">{t("messages.answerTitle")}</h2>
      {page.canAnswer ? (
        <Form method="post" noValidate>
          <CsrfField />
          <div className={`form-group${error ? " form-group-error" : ""}`}>
            <label className="label" htmlFor="f-message">
              {t("messages.answerLabel")}
            </label>
            <div className="hint" id="f-message-hint">
              {t("messages.answerHint", { max: page.max })}
            </div>
            {error ? (
              <p className="error-message" id="f-message-error">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error}
              </p>
            ) : null}
            <textarea
              className="textarea"
              id="f-message"
              name="message"
              rows={6}
              defaultValue={page.draft}
              aria-describedby={`f-message-hint${error ? " f-message-error" : ""}`}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <button type="submit" className="button">
            {t("messages.send")}
          </button>
        </Form>
      ) : (
        <p className="inset">{t("messages.errors.no_recipient")}</p>
      )}
    </>
  );
}
