import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EntryPageData } from "~/intake/entry-page";
import { AcuteDanger } from "~/ui/acute-danger";
import { CsrfField } from "~/ui/csrf-field";
import { PhoneLink } from "~/ui/phone-link";
import { TextList } from "~/ui/text-list";

/** Before a report: 112 first, the social emergency service when closed, who must report and what happens. */
export function OrosanmalanEntry({ page }: { page: EntryPageData }) {
  const { t } = useTranslation("orosanmalan");
  return (
    <>
      <AcuteDanger />
      {page.officeOpen ? null : (
        <div className="notice" role="note">
          <h2>{t("entry.closedTitle")}</h2>
          <p>
            {t("entry.closedBody")} <PhoneLink phone={page.socialjourPhone} />
          </p>
        </div>
      )}
      <h1>{t("title")}</h1>
      <p className="lead">{t("entry.intro")}</p>
      <h2>{t("entry.whoMustTitle")}</h2>
      <TextList ns="orosanmalan" k="entry.whoMust" />
      <p>{t("entry.privatePerson")}</p>
      <h2>{t("entry.afterTitle")}</h2>
      <TextList ns="orosanmalan" k="entry.after" />
      <h2>{t("entry.afterAdultTitle")}</h2>
      <TextList ns="orosanmalan" k="entry.afterAdult" />
      <h2>{t("entry.disclosureTitle")}</h2>
      <TextList ns="orosanmalan" k="entry.disclosure" />
      {page.loggedIn ? (
        <p>{t("entry.anonymousLoggedIn")}</p>
      ) : (
        <>
          <h2>{t("entry.loginTitle")}</h2>
          <p>{t("entry.loginBody")}</p>
          <p>
            <Link to={`/logga-in?${new URLSearchParams({ returnTo: `/${page.slug}` })}`}>{t("entry.login")}</Link>
          </p>
        </>
      )}
      <Form method="post" action={`/${page.slug}/starta`}>
        <CsrfField />
        <button type="submit" className="button">
          {t("entry.start")}
        </button>
      </Form>
    </>
  );
}
