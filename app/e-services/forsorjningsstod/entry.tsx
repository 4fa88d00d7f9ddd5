import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EntryPageData } from "~/intake/entry-page";
import { CsrfField } from "~/ui/csrf-field";

const tel = (phone: string) => `tel:${phone.replace(/[^\d+]/g, "")}`;

/**
 * Before applying: what it covers, who can apply, what to have ready, how to apply without
 * BankID or personnummer, and where to get help. An urgent need comes first: an e-service is
 * not the way to get money for food today.
 */
export function ForsorjningsstodEntry({ page }: { page: EntryPageData }) {
  const { t } = useTranslation("forsorjningsstod");
  const list = (key: string) => (
    <ul>
      {(t(key, { returnObjects: true }) as string[]).map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
  const phone = (
    <a href={tel(page.phone)} className="ltr">
      {page.phone}
    </a>
  );
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("entry.intro")}</p>

      <div className="notice" role="note">
        <h2>{t("entry.urgentTitle")}</h2>
        <p>
          {t("entry.urgentBody")} {phone}
        </p>
        {page.officeOpen ? null : (
          <p>
            {t("entry.urgentClosed")}{" "}
            <a href={tel(page.socialjourPhone)} className="ltr">
              {page.socialjourPhone}
            </a>
          </p>
        )}
      </div>

      <h2>{t("entry.whoTitle")}</h2>
      {list("entry.who")}
      <p>{t("entry.withoutPartner")}</p>

      <h2>{t("entry.coversTitle")}</h2>
      <p>{t("entry.coversIntro")}</p>
      {list("entry.covers")}
      {page.estimateOffered ? <p>{t("entry.estimate")}</p> : null}

      <h2>{t("entry.documentsTitle")}</h2>
      <p>{t("entry.documentsIntro")}</p>
      {list("entry.documents")}
      <p>{t("entry.documentsLater")}</p>

      {page.loggedIn ? (
        <Form method="post" action={`/${page.slug}/starta`}>
          <CsrfField />
          <button type="submit" className="button">
            {t("entry.start")}
          </button>
        </Form>
      ) : (
        <>
          <p>{t("entry.loginBody")}</p>
          <p>
            <Link to={`/logga-in?${new URLSearchParams({ returnTo: `/${page.slug}` })}`} className="button">
              {t("entry.login")}
            </Link>
          </p>
        </>
      )}

      <h2>{t("entry.noBankIdTitle")}</h2>
      <p>{t("entry.noBankIdBody")}</p>
      <p>
        {t("entry.noBankIdCall")} {phone}
      </p>

      <h2>{t("entry.helpTitle")}</h2>
      <p>
        {t("entry.helpBody")} {phone}
      </p>
      <p>{t("entry.helpOwnEid")}</p>
      <p>{t("entry.protected")}</p>

      <h2>{t("entry.afterTitle")}</h2>
      {list("entry.after")}
      <p>
        <Link to="/personuppgifter">{t("entry.privacy")}</Link>
      </p>
    </>
  );
}
