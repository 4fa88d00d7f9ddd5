import { Form, Link } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import { auditActionLabel } from "../audit/action-label";
import type { AuditPageData } from "../audit/pages.server";
import type { RetentionPageData } from "../retention/pages.server";
import type { TokensData } from "../tokens/pages.server";
import { useStaffFormat } from "./format";

export function TokensPage({ page }: { page: TokensData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const error = (field: "name" | "queues") => (page.errors.includes(field) ? t(`tokens.errors.${field}`) : null);
  return (
    <>
      {page.errors.length ? (
        <ErrorSummary>
          {page.errors.map((field) => (
            <li key={field}>
              <a href={field === "name" ? "#f-name" : "#f-queues-0"}>{t(`tokens.errors.${field}`)}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      {page.revoked ? (
        <div className="panel" role="status">
          <p>{t("tokens.revoked")}</p>
        </div>
      ) : null}
      <h1>{t("tokens.title")}</h1>
      <p className="lead">{t("tokens.intro")}</p>

      {page.created ? (
        <section className="notice" aria-labelledby="created-h">
          <h2 id="created-h">{t("tokens.createdTitle", { name: page.created.name })}</h2>
          <p>{t("tokens.createdBody")}</p>
          <p className="token" id="new-token">
            {page.created.token}
          </p>
        </section>
      ) : null}

      <h2>{t("tokens.createTitle")}</h2>
      <Form method="post" noValidate autoComplete="off">
        <CsrfField />
        <input type="hidden" name="intent" value="create" />
        <div className={`form-group${error("name") ? " form-group-error" : ""}`}>
          <label className="label" htmlFor="f-name">
            {t("tokens.name")}
          </label>
          <div className="hint" id="f-name-hint">
            {t("tokens.nameHint")}
          </div>
          {error("name") ? (
            <p className="error-message" id="f-name-error">
              <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error("name")}
            </p>
          ) : null}
          <input
            className="input width-long"
            id="f-name"
            name="name"
            defaultValue={page.values.name}
            aria-describedby={`f-name-hint${error("name") ? " f-name-error" : ""}`}
            aria-invalid={error("name") ? true : undefined}
          />
        </div>
        <div className={`form-group${error("queues") ? " form-group-error" : ""}`}>
          <fieldset className="fieldset" aria-describedby={error("queues") ? "f-queues-error" : undefined}>
            <legend className="legend">{t("tokens.queues")}</legend>
            {error("queues") ? (
              <p className="error-message" id="f-queues-error">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error("queues")}
              </p>
            ) : null}
            <div className="checkboxes">
              {page.queues.map((q, i) => (
                <div className="choice" key={q}>
                  <input
                    type="checkbox"
                    id={`f-queues-${i}`}
                    name="queues"
                    value={q}
                    defaultChecked={page.values.queues.includes(q)}
                  />
                  <label htmlFor={`f-queues-${i}`}>{t(`queueNames.${q}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="button">
          {t("tokens.create")}
        </button>
      </Form>

      <h2 id="tokens-list">{t("tokens.listTitle")}</h2>
      {page.tokens.length === 0 ? (
        <p>{t("tokens.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="tokens-list" tabIndex={0}>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t("tokens.columns.name")}</th>
                <th scope="col">{t("tokens.columns.queues")}</th>
                <th scope="col">{t("tokens.columns.created")}</th>
                <th scope="col">{t("tokens.columns.lastUsed")}</th>
                <th scope="col">{t("tokens.columns.state")}</th>
              </tr>
            </thead>
            <tbody>
              {page.tokens.map((token) => (
                <tr key={token.id}>
                  <td>
                    {token.name}
                    <br />
                    <span className="secondary ltr">{token.id}</span>
                  </td>
                  <td>{token.queues.map((q) => t(`queueNames.${q}`, { defaultValue: q })).join(", ")}</td>
                  <td>{f.dateTime(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? f.dateTime(token.lastUsedAt) : t("tokens.neverUsed")}</td>
                  <td>
                    {token.revokedAt ? (
                      t("tokens.revokedAt", { when: f.dateTime(token.revokedAt) })
                    ) : (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="token" value={token.id} />
                        <button type="submit" className="link-button">
                          {t("tokens.revoke")}
                          <span className="visually-hidden"> {token.name}</span>
                        </button>
                      </Form>
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

export function AuditPage({ page }: { page: AuditPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const q = page.query;
  const error = (field: string) => (page.errors.includes(field as never) ? t(`audit.errors.${field}`) : null);
  const text = (field: "person" | "submission" | "staff", props: Record<string, unknown> = {}) => (
    <div className={`form-group${error(field) ? " form-group-error" : ""}`}>
      <label className="label" htmlFor={`f-${field}`}>
        {t(`audit.filters.${field}`)}
      </label>
      {error(field) ? (
        <p className="error-message" id={`f-${field}-error`}>
          <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error(field)}
        </p>
      ) : null}
      <input
        className="input width-medium"
        id={`f-${field}`}
        name={field}
        defaultValue={q[field]}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={error(field) ? `f-${field}-error` : undefined}
        aria-invalid={error(field) ? true : undefined}
        {...props}
      />
    </div>
  );
  const next = page.next ? `?${new URLSearchParams({ ...q, fore: String(page.next) })}` : null;
  return (
    <>
      {page.errors.length ? (
        <ErrorSummary>
          {page.errors.map((field) => (
            <li key={field}>
              <a href={`#f-${field}`}>{t(`audit.errors.${field}`)}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      <h1>{t("audit.title")}</h1>
      <p className="lead">{t("audit.intro")}</p>
      <Form method="get" className="filters" aria-label={t("audit.filterLabel")}>
        {text("person", { inputMode: "numeric" })}
        {text("submission")}
        {text("staff")}
        <div className="form-group">
          <label className="label" htmlFor="f-robot">
            {t("audit.filters.robot")}
          </label>
          <select className="select" id="f-robot" name="robot" defaultValue={q.robot}>
            <option value="">{t("audit.anyRobot")}</option>
            {page.robots.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        {(["from", "to"] as const).map((field) => (
          <div key={field} className={`form-group${error(field) ? " form-group-error" : ""}`}>
            <label className="label" htmlFor={`f-${field}`}>
              {t(`audit.filters.${field}`)}
            </label>
            {error(field) ? (
              <p className="error-message" id={`f-${field}-error`}>
                <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error(field)}
              </p>
            ) : null}
            <input
              className="input width-medium"
              type="date"
              id={`f-${field}`}
              name={field}
              defaultValue={q[field]}
              aria-describedby={error(field) ? `f-${field}-error` : undefined}
              aria-invalid={error(field) ? true : undefined}
            />
          </div>
        ))}
        <div className="form-group">
          <button type="submit" className="button secondary-button">
            {t("audit.search")}
          </button>
        </div>
      </Form>
      <p>
        <a href={page.csv} download>
          {t("audit.csv")}
        </a>{" "}
        {t("audit.csvLimit", { limit: f.number(page.exportLimit) })}
      </p>
      <h2 id="audit-results">{t("audit.resultsTitle", { count: page.rows.length })}</h2>
      {page.rows.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="audit-results" tabIndex={0}>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t("audit.columns.at")}</th>
                <th scope="col">{t("audit.columns.actor")}</th>
                <th scope="col">{t("audit.columns.action")}</th>
                <th scope="col">{t("audit.columns.subject")}</th>
                <th scope="col">{t("audit.columns.details")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.id}>
                  <td>{f.dateTime(row.at)}</td>
                  <td className="wrap-anywhere">
                    {t(`audit.actorKinds.${row.actorKind}`)}
                    {row.actorName ? (
                      `: ${row.actorName}`
                    ) : row.actorId ? (
                      <span className="ltr">: {row.actorId}</span>
                    ) : (
                      ""
                    )}
                  </td>
                  <td className="wrap-anywhere">
                    {auditActionLabel(t, row.action)}
                    <br />
                    <span className="ltr secondary">{row.action}</span>
                  </td>
                  <td className="wrap-anywhere">
                    {row.subjectKind ? (
                      <span className="ltr">
                        {row.subjectKind} {row.subjectId}
                      </span>
                    ) : (
                      "–"
                    )}
                  </td>
                  <td className="wrap-anywhere">
                    <span className="ltr">{row.details || "–"}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p>
          <Link to={next}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </>
  );
}

export function RetentionPage({ page }: { page: RetentionPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const refused = page.refused;
  const problem = (serviceId: string, field: "afterRegistrationDays" | "draftDays") => {
    const p = refused?.serviceId === serviceId ? refused.problems[field] : undefined;
    if (!p) return null;
    return `${t(`retention.problems.${p.code}`, { min: p.min, max: p.max })}${
      p.code === "below_minimum" ? ` ${t(`retention.reasons.${p.reason}`)}` : ""
    }`;
  };
  const summary = refused
    ? (["afterRegistrationDays", "draftDays"] as const)
        .map((field) => ({ field, text: problem(refused.serviceId, field) }))
        .filter((x) => x.text)
    : [];
  return (
    <>
      {summary.length ? (
        <ErrorSummary>
          {summary.map((x) => (
            <li key={x.field}>
              <a href={`#f-${refused!.serviceId}-${x.field}`}>
                {t(`services.${refused!.serviceId}`)}: {x.text}
              </a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      {page.saved ? (
        <div className="panel" role="status">
          <p>{t("retention.saved", { service: t(`services.${page.saved}`) })}</p>
        </div>
      ) : null}
      {page.ran ? (
        <div className="panel" role="status">
          <p>{t("retention.ran")}</p>
        </div>
      ) : null}
      <h1>{t("retention.title")}</h1>
      <p className="lead">{t("retention.intro")}</p>
      {page.rules.map((rule) => (
        <section key={rule.serviceId} aria-labelledby={`r-${rule.serviceId}`}>
          <h2 id={`r-${rule.serviceId}`}>{t(`services.${rule.serviceId}`)}</h2>
          <p>
            {rule.source === "setting"
              ? t("retention.setBy", { who: rule.updatedBy, when: f.dateTime(rule.updatedAt) })
              : t("retention.defaults", {
                  after: rule.defaultAfterRegistrationDays,
                  drafts: page.defaultDraftDays,
                })}
          </p>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="service" value={rule.serviceId} />
            {(["afterRegistrationDays", "draftDays"] as const).map((field) => {
              const id = `f-${rule.serviceId}-${field}`;
              const error = problem(rule.serviceId, field);
              const limit = rule.limits[field];
              const value = refused?.serviceId === rule.serviceId ? refused.values[field] : String(rule[field]);
              return (
                <div key={field} className={`form-group${error ? " form-group-error" : ""}`}>
                  <label className="label" htmlFor={id}>
                    {t(`retention.fields.${field}`)}
                  </label>
                  <div className="hint" id={`${id}-hint`}>
                    {t("retention.limits", { min: limit.min, max: limit.max })} {t(`retention.reasons.${limit.reason}`)}
                  </div>
                  {error ? (
                    <p className="error-message" id={`${id}-error`}>
                      <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error}
                    </p>
                  ) : null}
                  <div className="input-wrapper">
                    <input
                      className="input width-4"
                      inputMode="numeric"
                      id={id}
                      name={field}
                      defaultValue={value}
                      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
                      aria-invalid={error ? true : undefined}
                    />
                    <span className="input-suffix">{t("retention.days")}</span>
                  </div>
                </div>
              );
            })}
            <button type="submit" className="button">
              {t("retention.save", { service: t(`services.${rule.serviceId}`) })}
            </button>
          </Form>
        </section>
      ))}

      <h2>{t("retention.jobTitle")}</h2>
      <p>{t("retention.jobIntro")}</p>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="intent" value="run" />
        <button type="submit" className="button secondary-button">
          {t("retention.runNow")}
        </button>
      </Form>
      <h3 id="retention-log">{t("retention.logTitle")}</h3>
      {page.log.length === 0 ? (
        <p>{t("retention.noLog")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="retention-log" tabIndex={0}>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t("retention.columns.at")}</th>
                <th scope="col">{t("retention.columns.what")}</th>
                <th scope="col">{t("retention.columns.rule")}</th>
              </tr>
            </thead>
            <tbody>
              {page.log.map((entry) => (
                <tr key={entry.id}>
                  <td>{f.dateTime(entry.at)}</td>
                  <td className="wrap-anywhere">
                    {t(`retention.actions.${entry.action}`, {
                      service: entry.details.service
                        ? t(`services.${entry.details.service}`, { defaultValue: String(entry.details.service) })
                        : "",
                      drafts: entry.details.drafts ?? 0,
                      submissions: entry.details.submissions ?? 0,
                      files: entry.details.files ?? entry.details.orphanFiles ?? 0,
                    })}
                    {entry.subjectId ? (
                      <>
                        <br />
                        <span className="secondary ltr">{entry.subjectId}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="wrap-anywhere">
                    {entry.action === "retention_run" ? (
                      <span className="ltr">{String(entry.details.rules ?? "–")}</span>
                    ) : (
                      <Fragment>
                        {t(`retention.rules.${String(entry.details.rule)}`, {
                          defaultValue: String(entry.details.rule),
                        })}
                        {typeof entry.details.days === "number"
                          ? ` (${t("retention.daysValue", { count: entry.details.days })})`
                          : ""}
                      </Fragment>
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
