import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatIdentityNumber } from "~/auth/personnummer";
import { CsrfField } from "~/ui/csrf-field";
import type { UnitItemPageData, UnitListPageData } from "../unit-list/pages.server";
import { useStaffFormat } from "./format";
import { StaffAnswers } from "./staff-answers";

const LIST = "/personal/familjeratt/forfragningar";

/** The unit's own list: requests the municipality keeps out of the case system, open ones first. */
export function UnitListPage({ page }: { page: UnitListPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (
    <>
      {page.done ? (
        <div className="panel" role="status">
          <p>{t("unitList.done", { reference: page.done })}</p>
        </div>
      ) : null}
      <h1>{t("unitList.title")}</h1>
      <p className="lead">{page.active ? t("unitList.intro") : t("unitList.inactive")}</p>
      {page.items.length === 0 ? (
        <p>{t("unitList.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="unit-list-caption" tabIndex={0}>
          <table className="table compact">
            <caption id="unit-list-caption" className="visually-hidden">
              {t("unitList.title")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("unitList.columns.reference")}</th>
                <th scope="col">{t("unitList.columns.received")}</th>
                <th scope="col">{t("unitList.columns.state")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.reference}>
                  <td>
                    <Link to={`${LIST}/${item.reference}`}>
                      <span className="ltr">{item.reference}</span>
                    </Link>
                    <br />
                    {t(`services.${item.serviceId}`)}
                    {item.queue === "skyddad" ? ` – ${t("bookings.protected")}` : ""}
                  </td>
                  <td>{f.dateTime(item.receivedAt)}</td>
                  <td>
                    {item.handledAt ? (
                      t("unitList.handled", { when: f.dateTime(item.handledAt) })
                    ) : item.news ? (
                      <strong>{t("unitList.news")}</strong>
                    ) : (
                      t("unitList.open")
                    )}
                    {item.status === "withdrawn" ? ` – ${t("unitList.withdrawn")}` : ""}
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

/** One request on the list: the sender, the answers as they hold now, and marking it handled. */
export function UnitItemPage({ page }: { page: UnitItemPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (
    <>
      <Link to={LIST} className="back-link">
        {t("unitList.back")}
      </Link>
      <h1>
        <span className="caption">{t(`services.${page.serviceId}`)}</span>
        <span className="ltr">{page.reference}</span>
      </h1>
      <dl className="summary-list">
        <dt>{t("unitList.columns.received")}</dt>
        <dd>{f.dateTime(page.receivedAt)}</dd>
        <dt>{t("unitList.columns.state")}</dt>
        <dd>
          {page.handledAt
            ? t("unitList.handled", { when: f.dateTime(page.handledAt) })
            : page.news
              ? t("unitList.news")
              : t("unitList.open")}
          {page.status === "withdrawn" ? ` – ${t("unitList.withdrawn")}` : ""}
        </dd>
      </dl>
      {page.handledAt ? null : (
        <Form method="post">
          <CsrfField />
          <p className="hint" id="handled-hint">
            {t("unitList.handledHint")}
          </p>
          <button type="submit" name="intent" value="handled" className="button" aria-describedby="handled-hint">
            {t("unitList.markHandled")}
          </button>
        </Form>
      )}

      <h2>{t("handling.senderTitle")}</h2>
      {page.sender ? (
        <dl className="summary-list">
          <dt>{t("person.name")}</dt>
          <dd>{page.sender.name ?? "–"}</dd>
          <dt>{t("person.pnr")}</dt>
          <dd>
            <span className="ltr">{formatIdentityNumber(page.sender.personnummer)}</span>
          </dd>
          {page.sender.protectedIdentity ? (
            <>
              <dt>{t("person.protected")}</dt>
              <dd>{t("person.protectedYes")}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{t("handling.anonymous")}</p>
      )}
      {page.sender ? (
        <p>
          <Link to={`/personal/meddelanden/${page.reference}#svar`}>{t("handling.writeMessage")}</Link>
        </p>
      ) : null}

      <h2>{t("handling.answersTitle")}</h2>
      <StaffAnswers sections={page.sections} serviceId={page.serviceId} />
    </>
  );
}
