import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/ui/csrf-field";
import type { OverviewData } from "../overview.server";
import { residentDates } from "~/i18n/resident-dates";
import { StatusTag } from "./status-tag";

export function OverviewPage({ page }: { page: OverviewData }) {
  const { t, i18n } = useTranslation(["mypages", "auth"]);
  const { date } = residentDates(i18n.language);
  const service = (id: string) => t(`${id}:title`);
  return (
    <>
      <h1>{t("auth:myPages.title")}</h1>
      <dl className="summary-list">
        <dt>{t("auth:myPages.name")}</dt>
        <dd>{page.name ?? "–"}</dd>
        <dt>{t("auth:myPages.pnr")}</dt>
        <dd>
          <span className="ltr">{page.pnr}</span>
        </dd>
      </dl>
      {page.protectedIdentity ? <p className="notice">{t("auth:myPages.protected")}</p> : null}
      <ul className="footer-links">
        <li>
          <Link to="/mina-sidor/kontakt">{t("overview.contact")}</Link>
        </li>
        <li>
          <Link to="/mina-sidor/bokningar">{t("overview.bookings")}</Link>
        </li>
      </ul>

      {page.confirmations.length ? (
        <section aria-labelledby="confirmations">
          <h2 id="confirmations">{t("overview.confirmations")}</h2>
          <ul className="items">
            {page.confirmations.map((c) => (
              <li key={c.reference}>
                <span>
                  {service(c.serviceId)} <span className="ltr">{c.reference}</span>
                  <br />
                  <span className="secondary">{t("overview.confirmBefore", { date: date(c.expiresAt) })}</span>
                </span>
                <Link to={`/bekrafta/${c.reference}`} className="button">
                  {t("overview.confirm")}
                  <span className="visually-hidden"> {c.reference}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {page.notices.map((n) => (
        <section key={n.id} aria-labelledby={n.id}>
          <h2 id={n.id}>{t(n.heading)}</h2>
          <p>{t(n.text)}</p>
          <p>
            <Link to={n.link.to} className="button">
              {t(n.link.label)}
            </Link>
          </p>
        </section>
      ))}

      <section aria-labelledby="drafts">
        <h2 id="drafts">{t("overview.drafts")}</h2>
        {page.drafts.length ? (
          <ul className="items">
            {page.drafts.map((d) => (
              <li key={d.id}>
                <span>
                  {service(d.serviceId)}
                  <br />
                  <span className="secondary">
                    {t("overview.savedAt", { date: date(d.updatedAt) })}{" "}
                    {t("overview.deletedAt", { date: date(d.expiresAt) })}
                  </span>
                </span>
                <span className="button-group">
                  <Link to={d.continue}>
                    {t("overview.continue")}
                    <span className="visually-hidden"> {service(d.serviceId)}</span>
                  </Link>
                  <Form method="post" action={`/mina-sidor/utkast/${d.id}/ta-bort`}>
                    <CsrfField />
                    <button type="submit" className="link-button">
                      {t("overview.delete")}
                      <span className="visually-hidden"> {service(d.serviceId)}</span>
                    </button>
                  </Form>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("overview.noDrafts")}</p>
        )}
      </section>

      <section aria-labelledby="submissions">
        <h2 id="submissions">{t("overview.submissions")}</h2>
        {page.submissions.length ? (
          <table className="table">
            <caption className="visually-hidden">{t("overview.submissions")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("overview.what")}</th>
                <th scope="col">{t("overview.sent")}</th>
                <th scope="col">{t("overview.status")}</th>
              </tr>
            </thead>
            <tbody>
              {page.submissions.map((s) => (
                <tr key={s.reference}>
                  <td>
                    <Link to={`/mina-sidor/arenden/${s.reference}`}>
                      {service(s.serviceId)}
                      <br />
                      <span className="ltr">{s.reference}</span>
                    </Link>
                    {s.as === "co-party" ? (
                      <>
                        <br />
                        <span className="secondary">{t("overview.coParty")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{date(s.sentAt)}</td>
                  <td>
                    <StatusTag status={s.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("overview.noSubmissions")}</p>
        )}
      </section>
    </>
  );
}
