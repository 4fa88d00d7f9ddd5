import type { RobotCompletionOutput } from "#db/schema";
import { Form, Link } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { formatAnswer } from "~/intake/format-answer";
import { isSingleAnswer } from "~/intake/ui/answer-list";
import { isLanguageCode } from "~/i18n/languages";
import { formatIdentityNumber } from "~/auth/personnummer";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type { ItemPageData, OverviewData, QueueData } from "../queues/pages.server";
import { useStaffFormat } from "./format";
import { QueueTable, Refresh } from "./queue-table";
import { RecordedPersonList } from "./recorded-person";

export function OverviewPage({ page }: { page: OverviewData }) {
  const { t } = useTranslation("staff");
  return (
    <>
      <h1>{t("queues.title")}</h1>
      <p className="lead">{t("queues.intro")}</p>
      <Refresh at={page.at} />
      <QueueTable queues={page.queues} workable={page.workable} caption={t("queues.caption")} />
      <h2>{t("queues.explainTitle")}</h2>
      <dl className="summary-list">
        {(["waiting", "oldest", "inProgress", "retrying", "toHandle"] as const).map((k) => (
          <Fragment key={k}>
            <dt>{t(`queues.columns.${k}`)}</dt>
            <dd>{t(`queues.explain.${k}`)}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

export function QueuePage({ page }: { page: QueueData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const name = t(`queueNames.${page.queue}`);
  return (
    <>
      <Link to="/personal/koer" className="back-link">
        {t("queues.back")}
      </Link>
      {page.done ? (
        <div className="panel" role="status">
          <p>{t(`handling.done.${page.done.what}`, { reference: page.done.reference })}</p>
        </div>
      ) : null}
      <span className="caption">{t("queues.caption")}</span>
      <h1>{name}</h1>
      <Refresh at={page.at} />
      <QueueTable queues={[page.overview]} workable={[]} caption={t("queues.thisQueue", { queue: name })} />
      <h2>{t("handling.listTitle")}</h2>
      <p>{t("handling.listIntro")}</p>
      {page.items.length === 0 ? (
        <p>{t("handling.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="failed-caption" tabIndex={0}>
          <table className="table compact">
            <caption id="failed-caption" className="visually-hidden">
              {t("handling.listTitle")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("handling.columns.reference")}</th>
                <th scope="col">{t("handling.columns.what")}</th>
                <th scope="col">{t("handling.columns.state")}</th>
                <th scope="col">{t("handling.columns.reason")}</th>
                <th scope="col">{t("handling.columns.failedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/personal/koer/${page.queue}/${item.id}`}>
                      <span className="ltr">{item.reference}</span>
                    </Link>
                    {item.acute ? (
                      <>
                        {" "}
                        <strong className="tag attention">{t("handling.acute")}</strong>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {t(`services.${item.serviceId}`)} – {t(`itemKinds.${item.kind}`)}
                    {item.channel !== "e-service" ? ` (${t(`channels.${item.channel}`)})` : ""}
                  </td>
                  <td>{t(`itemStates.${item.state}`)}</td>
                  <td className="wrap-anywhere" dir="auto">
                    {item.reason ?? "–"}
                  </td>
                  <td>{f.dateTime(item.failedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ItemPage({ page }: { page: ItemPageData }) {
  const { t, i18n } = useTranslation("staff");
  const f = useStaffFormat();
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const { item, submission, sender, recorded, carried, files, history, events } = page.detail;
  const ns = submission.serviceId;
  const refusal = page.refusal;
  const invalid = refusal?.reason === "invalid" ? (refusal.fields ?? []) : [];
  const fieldError = (field: string) => (invalid.includes(field) ? t(`handling.errors.${field}`) : null);
  const value = (k: string) => page.values[k] ?? "";
  const fileHref = (id: string) => `/personal/koer/${page.queue}/${item.id}/filer/${id}`;
  const describedBy = (field: string, hint?: string) =>
    [hint, fieldError(field) ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <>
      <Link to={`/personal/koer/${page.queue}`} className="back-link">
        {t("handling.backToQueue", { queue: t(`queueNames.${page.queue}`) })}
      </Link>
      {invalid.length ? (
        <ErrorSummary>
          {invalid.map((field) => (
            <li key={field}>
              <a href={`#f-${field}`}>{t(`handling.errors.${field}`)}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : refusal ? (
        <div className="error-summary" role="alert" aria-labelledby="refusal-title" tabIndex={-1}>
          <h2 id="refusal-title">{t("handling.refusedTitle")}</h2>
          <p>
            {t(`handling.refused.${refusal.reason}`, {
              caseNumber: refusal.reason === "already_registered" ? (refusal.caseNumber ?? "–") : "",
            })}
          </p>
        </div>
      ) : null}
      <span className="caption">{t(`services.${ns}`)}</span>
      <h1>
        <span className="ltr">{item.reference}</span>
      </h1>

      <dl className="summary-list">
        <dt>{t("handling.fields.state")}</dt>
        <dd>
          {t(`itemStates.${item.state}`)}
          {item.requeued ? ` – ${t("handling.requeuedAlready")}` : ""}
        </dd>
        <dt>{t("handling.fields.reason")}</dt>
        <dd className="message-body" dir="auto">
          {item.reason ?? "–"}
        </dd>
        <dt>{t("handling.fields.kind")}</dt>
        <dd>{t(`itemKinds.${item.kind}`)}</dd>
        <dt>{t("handling.fields.channel")}</dt>
        <dd>{t(`channels.${submission.channel}`)}</dd>
        <dt>{t("handling.fields.arrived")}</dt>
        <dd>{f.dateTime(submission.submittedAt)}</dd>
        <dt>{t("handling.fields.attempts")}</dt>
        <dd>{f.number(item.attempts)}</dd>
        <dt>{t("handling.fields.flags")}</dt>
        <dd>{submission.flags.length ? submission.flags.map((fl) => t(`flags.${fl}`)).join(", ") : "–"}</dd>
        <dt>{t("handling.fields.caseNumber")}</dt>
        <dd>
          {submission.caseNumber ? (
            <span className="ltr">
              {submission.caseNumber} ({submission.caseSystem})
            </span>
          ) : (
            "–"
          )}
        </dd>
        {item.output ? (
          <>
            <dt>{t("handling.fields.output")}</dt>
            <dd>
              <ul>
                {outputLines(item.output).map(([name, value]) => (
                  <li key={name}>
                    {name in OUTPUT_LABELS ? t(`handling.output.${name}`) : <span className="ltr">{name}</span>}:{" "}
                    <span dir="auto">{value}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>

      {item.handleable ? (
        <section aria-labelledby="handle-h">
          <h2 id="handle-h">{t("handling.actionsTitle")}</h2>
          <h3>{t("handling.register.title")}</h3>
          <p>{t(item.kind === "submission" ? "handling.register.intro" : "handling.register.introOther")}</p>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="register" />
            {(["caseNumber", "caseSystem"] as const).map((field) => (
              <div key={field} className={`form-group${fieldError(field) ? " form-group-error" : ""}`}>
                <label className="label" htmlFor={`f-${field}`}>
                  {t(`handling.register.${field}`)}
                </label>
                <div className="hint" id={`${field}-hint`}>
                  {t(`handling.register.${field}Hint`)}
                </div>
                {fieldError(field) ? (
                  <p className="error-message" id={`${field}-error`}>
                    <span className="visually-hidden">{t("forms:errorPrefix")}</span> {fieldError(field)}
                  </p>
                ) : null}
                <input
                  className="input width-medium"
                  id={`f-${field}`}
                  name={field}
                  autoComplete="off"
                  spellCheck={false}
                  defaultValue={
                    page.form === "register"
                      ? value(field)
                      : field === "caseNumber"
                        ? ""
                        : (submission.caseSystem ?? "")
                  }
                  aria-describedby={describedBy(field, `${field}-hint`)}
                  aria-invalid={fieldError(field) ? true : undefined}
                />
              </div>
            ))}
            <button type="submit" className="button">
              {t("handling.register.submit")}
            </button>
          </Form>

          <h3>{t("handling.requeue.title")}</h3>
          <p>{t("handling.requeue.intro")}</p>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="requeue" />
            <div className={`form-group${fieldError("reason") ? " form-group-error" : ""}`}>
              <label className="label" htmlFor="f-reason">
                {t("handling.requeue.reason")}
              </label>
              <div className="hint" id="reason-hint">
                {t("handling.requeue.reasonHint")}
              </div>
              {fieldError("reason") ? (
                <p className="error-message" id="reason-error">
                  <span className="visually-hidden">{t("forms:errorPrefix")}</span> {fieldError("reason")}
                </p>
              ) : null}
              <textarea
                className="textarea"
                id="f-reason"
                name="reason"
                rows={3}
                defaultValue={page.form === "requeue" ? value("reason") : ""}
                aria-describedby={describedBy("reason", "reason-hint")}
                aria-invalid={fieldError("reason") ? true : undefined}
              />
            </div>
            <div className={`form-group${fieldError("targetQueue") ? " form-group-error" : ""}`}>
              <label className="label" htmlFor="f-targetQueue">
                {t("handling.requeue.targetQueue")}
              </label>
              <select
                className="select"
                id="f-targetQueue"
                name="targetQueue"
                defaultValue={page.form === "requeue" ? value("targetQueue") || page.queue : page.queue}
              >
                {page.targets.map((q) => (
                  <option key={q} value={q}>
                    {t(`queueNames.${q}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button secondary-button">
              {t("handling.requeue.submit")}
            </button>
          </Form>
        </section>
      ) : (
        <p className="inset">{t("handling.notWaiting")}</p>
      )}

      <h2>{t("handling.senderTitle")}</h2>
      {sender ? (
        <dl className="summary-list">
          <dt>{t("person.name")}</dt>
          <dd>{sender.name ?? "–"}</dd>
          <dt>{t("person.pnr")}</dt>
          <dd>
            <span className="ltr">{formatIdentityNumber(sender.personnummer)}</span>
          </dd>
          {sender.protectedIdentity ? (
            <>
              <dt>{t("person.protected")}</dt>
              <dd>{t("person.protectedYes")}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {recorded ? <RecordedPersonList person={recorded} /> : null}
      {!sender && !recorded ? <p>{t("handling.anonymous")}</p> : null}
      {sender ? (
        <p>
          <Link to={`/personal/meddelanden/${submission.reference}#svar`}>{t("handling.writeMessage")}</Link>
        </p>
      ) : null}

      {carried ? (
        <section aria-labelledby="carried-h">
          <h2 id="carried-h">{t("handling.carriedTitle")}</h2>
          <p className="secondary">{f.dateTime(carried.sentAt)}</p>
          <p className="message-body" dir="auto">
            {carried.body}
          </p>
        </section>
      ) : null}

      <h2>{t("handling.answersTitle")}</h2>
      <div className="answers-staff">
        {page.sections.map((section) => (
          <section key={section.stepId} aria-labelledby={`s-${section.stepId}`}>
            {/* A step that asked one question is named by that question; others get a heading. */}
            <h3 id={`s-${section.stepId}`} className={isSingleAnswer(section) ? "visually-hidden" : undefined}>
              {t(`${ns}:steps.${section.stepId}.title`)}
            </h3>
            {section.groups.map((rows, index) => (
              <dl className="answers" key={index}>
                {rows.length === 0 ? (
                  <div className="row">
                    <dt>{t(`${ns}:steps.${section.stepId}.title`)}</dt>
                    <dd>{t("forms:noAnswer")}</dd>
                  </div>
                ) : (
                  rows.map((row) => {
                    const base = `${ns}:fields.${section.stepId}.${row.fieldId}`;
                    return (
                      <div className="row" key={row.fieldId}>
                        <dt>{t(`${base}.label`)}</dt>
                        <dd>{formatAnswer(row.kind, row.value, { t, language, base, maskIdentityNumbers: false })}</dd>
                      </div>
                    );
                  })
                )}
              </dl>
            ))}
          </section>
        ))}
      </div>

      <h2>{t("handling.filesTitle")}</h2>
      {files.length === 0 ? (
        <p>{t("handling.noFiles")}</p>
      ) : (
        <ul>
          {files.map((file) => (
            <li key={file.id}>
              <a href={fileHref(file.id)} download>
                {file.filename}
              </a>{" "}
              <span className="secondary">({f.number(Math.ceil(file.size / 1024))} kB)</span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("handling.historyTitle")}</h2>
      <ol className="history">
        {history.map((h, i) => (
          <li key={i}>
            <strong>{t(`itemEvents.${h.kind}`, { defaultValue: h.kind })}</strong> – {f.dateTime(h.at)}
            {h.robot ? ` – ${t("handling.byRobot", { robot: h.robot })}` : ""}
            {typeof h.details.staff === "string" ? ` – ${t("handling.byStaff", { staff: h.details.staff })}` : ""}
            {typeof h.details.reason === "string" ? (
              <div className="message-body secondary" dir="auto">
                {h.details.reason}
              </div>
            ) : null}
            {typeof h.details.caseNumber === "string" ? (
              <div>
                {t("handling.fields.caseNumber")}: <span className="ltr">{h.details.caseNumber}</span>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>{t("handling.eventsTitle")}</h2>
      <ol className="history">
        {events.map((e, i) => (
          <li key={i}>
            {t(`submissionEvents.${e.kind}`, { defaultValue: e.kind })} – {f.dateTime(e.at)}
            {e.visibleToPerson ? "" : ` (${t("handling.hiddenFromPerson")})`}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The named fields of a completion's output, then the case system's own ones, as name and text. */
const OUTPUT_LABELS = { diarienummer: true, unit: true, caseworkerId: true } as const;
function outputLines(output: RobotCompletionOutput): [string, string][] {
  const named = (Object.keys(OUTPUT_LABELS) as (keyof typeof OUTPUT_LABELS)[])
    .filter((k) => output[k] !== undefined)
    .map((k): [string, string] => [k, String(output[k])]);
  const extra = Object.entries(output.extra ?? {}).map(([k, v]): [string, string] => [k, v === null ? "–" : String(v)]);
  return [...named, ...extra];
}
