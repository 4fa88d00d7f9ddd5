import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { languageOfRequest } from "~/i18n/i18next.server";
import { intlLocale } from "~/i18n/languages";
import { PhoneLink } from "~/ui/phone-link";
import { TextList } from "~/ui/text-list";

export const handle = { i18n: ["about"], title: "about:accessibility.title" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const m = context.services.config.municipality;
  const language = await languageOfRequest(request);
  return {
    municipality: m.name,
    feedbackEmail: m.accessibility.feedbackEmail,
    phone: m.contact.phone,
    reviewed: new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "long", timeZone: "UTC" }).format(
      new Date(`${m.accessibility.reviewed}T00:00:00Z`),
    ),
  };
}

/** The accessibility statement (tillgänglighetsredogörelse) DOS-lagen requires. */
export default function AccessibilityStatement() {
  const { t } = useTranslation("about");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("accessibility.title")}</h1>
      <p className="lead">{t("accessibility.intro", { municipality: data.municipality })}</p>
      <h2>{t("accessibility.statusHeading")}</h2>
      <p>{t("accessibility.status")}</p>
      <h2>{t("accessibility.helpHeading")}</h2>
      <p>{t("accessibility.help")}</p>
      <p>
        <PhoneLink phone={data.phone} />
      </p>
      <h2>{t("accessibility.reportHeading")}</h2>
      <p>{t("accessibility.report")}</p>
      <p>
        <a href={`mailto:${data.feedbackEmail}`} className="ltr">
          {data.feedbackEmail}
        </a>
      </p>
      <h2>{t("accessibility.enforcementHeading")}</h2>
      <p>{t("accessibility.enforcement")}</p>
      <p>
        <a href="https://www.digg.se/tdosanmalan">{t("accessibility.enforcementLink")}</a>
      </p>
      <h2>{t("accessibility.technicalHeading")}</h2>
      <p>{t("accessibility.technical")}</p>
      <h3>{t("accessibility.testingHeading")}</h3>
      <TextList ns="about" k="accessibility.testing" />
      <p className="secondary">{t("accessibility.reviewed", { date: data.reviewed })}</p>
    </>
  );
}
