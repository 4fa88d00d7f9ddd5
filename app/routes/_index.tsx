import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { eServices } from "~/e-services/registry.server";
import { AcuteDanger } from "~/ui/acute-danger";
import { TextList } from "~/ui/text-list";

export const handle = { i18n: ["start"] };

/** The services on the start page, from the server's registry: the page's script stays free of their components. */
export const loader = () =>
  eServices.filter((m) => m.pages.onStartPage).map((m) => ({ id: m.definition.id, path: `/${m.definition.slug}` }));

export default function StartPage() {
  const { t } = useTranslation("start");
  const services = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <AcuteDanger />
      <ul className="services">
        {services.map((service) => (
          <li key={service.id} className="service">
            <h2 id={`service-${service.id}`}>{t(`services.${service.id}.title`)}</h2>
            <p>{t(`services.${service.id}.description`)}</p>
            <h3>{t("youNeed")}</h3>
            <TextList ns="start" k={`services.${service.id}.needs`} />
            <Link to={service.path} className="button" aria-describedby={`service-${service.id}`}>
              {t(`services.${service.id}.start`)}
            </Link>
          </li>
        ))}
      </ul>
      <h2>{t("otherWays.title")}</h2>
      <p>{t("otherWays.body")}</p>
    </>
  );
}
