import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextList } from "~/ui/text-list";

export const handle = { i18n: ["about"], title: "about:privacy.title" };

export function loader({ context }: LoaderFunctionArgs) {
  const { municipality, retention } = context.services.config;
  return {
    committee: municipality.committee,
    dpoEmail: municipality.dataProtectionOfficer.email,
    draftDays: retention.draftDays,
  };
}

/** What personal data the portal handles, why, for how long, and who to ask. */
export default function Privacy() {
  const { t } = useTranslation("about");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.intro", { committee: data.committee })}</p>
      <h2>{t("privacy.whatHeading")}</h2>
      <TextList ns="about" k="privacy.what" />
      <p>{t("privacy.anonymous")}</p>
      <h2>{t("privacy.whyHeading")}</h2>
      <p>{t("privacy.why")}</p>
      <p>{t("privacy.secrecy")}</p>
      <h2>{t("privacy.howLongHeading")}</h2>
      <p>{t("privacy.howLong", { draftDays: data.draftDays })}</p>
      <h2>{t("privacy.whoHeading")}</h2>
      <p>{t("privacy.who")}</p>
      <h2>{t("privacy.cookiesHeading")}</h2>
      <p>{t("privacy.cookies")}</p>
      <h2>{t("privacy.rightsHeading")}</h2>
      <TextList ns="about" k="privacy.rights" />
      <h2>{t("privacy.contactHeading")}</h2>
      <p>{t("privacy.contact")}</p>
      <p>
        <a href={`mailto:${data.dpoEmail}`} className="ltr">
          {data.dpoEmail}
        </a>
      </p>
    </>
  );
}
