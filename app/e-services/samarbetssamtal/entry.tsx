import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EntryPageData } from "~/intake/entry-page";
import { CsrfField } from "~/ui/csrf-field";
import { PhoneLink } from "~/ui/phone-link";

/** The digital self-help tool Samarbete efter skilsmässa (SES). */
export const SES_URL = "https://www.samarbeteefterskilsmassa.se";

/**
 * Before booking: what the talks are, that they are free, how a series goes, the self-help tool,
 * and what to do when you are afraid of the other parent — before anything is asked.
 */
export function SamarbetssamtalEntry({ page }: { page: EntryPageData }) {
  const { t } = useTranslation("samarbetssamtal");
  const list = (key: string) => (
    <ul>
      {(t(key, { returnObjects: true }) as string[]).map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("entry.intro")}</p>
      <p>
        <strong>{t("entry.free")}</strong>
      </p>

      <h2>{t("entry.whatTitle")}</h2>
      <p>{t("entry.what")}</p>
      <h2>{t("entry.informationTitle")}</h2>
      <p>{t("entry.information")}</p>

      <h2>{t("entry.seriesTitle")}</h2>
      <p>{t("entry.seriesIntro")}</p>
      {list("entry.series")}
      <p>{t("entry.target")}</p>

      <div className="notice" role="note">
        <h2>{t("entry.afraidTitle")}</h2>
        {list("entry.afraid")}
        <p>
          {t("entry.afraidCall")} <PhoneLink phone={page.phone} />
        </p>
      </div>

      <h2>{t("entry.sesTitle")}</h2>
      <p>{t("entry.ses")}</p>
      <p>
        <a href={SES_URL}>{t("entry.sesLink")}</a>
      </p>

      <h2>{t("entry.needTitle")}</h2>
      {list("entry.need")}

      <h2>{t("entry.invitedTitle")}</h2>
      <p>{t("entry.invited")}</p>
      <p>
        <Link to="/samarbetssamtal/bokningar">{t("entry.myBookings")}</Link>
      </p>

      {page.loggedIn ? null : <p>{t("entry.loginFirst")}</p>}
      <Form method="post" action={`/${page.slug}/starta`}>
        <CsrfField />
        <button type="submit" className="button">
          {t("entry.start")}
        </button>
      </Form>
    </>
  );
}
