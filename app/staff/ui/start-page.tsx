import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { StartData } from "../start.server";
import { useStaffFormat } from "./format";
import { QueueTable, Refresh } from "./queue-table";

export function StartPage({ page }: { page: StartData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (
    <>
      <h1>{t("start.title")}</h1>
      <p className="lead">{t("auth:staff.loggedInAs", { name: page.name ?? "–" })}</p>
      <p>
        {t("start.roles")} {page.roles.map((role) => t(`auth:staff.roles.${role}`)).join(", ")}
      </p>

      {page.queues.length ? (
        <section aria-labelledby="start-queues">
          <h2 id="start-queues">{t("start.queuesTitle")}</h2>
          <Refresh at={page.at} />
          <QueueTable queues={page.queues} workable={page.workable} caption={t("start.queuesCaption")} />
        </section>
      ) : null}

      {page.unread !== null ? (
        <p>
          <Link to="/personal/meddelanden">{t("start.unread", { count: page.unread })}</Link>
        </p>
      ) : null}

      <section aria-labelledby="start-figures">
        <h2 id="start-figures">{t("start.figuresTitle", { month: f.monthLong(page.month) })}</h2>
        <ul className="cards">
          {page.headline.map((h) => (
            <li key={h.title}>
              <div className={`card${h.share.share !== null && h.share.share < h.target ? " attention" : ""}`}>
                <h3>{t(h.title)}</h3>
                <p className="figure">{f.percent(h.share.share)}</p>
                <p>
                  {t("start.headlineDetail", {
                    numerator: f.number(h.share.numerator),
                    denominator: f.number(h.share.denominator),
                    target: f.percent(h.target),
                  })}
                </p>
              </div>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/personal/uppfoljning">{t("start.allFigures")}</Link>
        </p>
      </section>

      <h2>{t("start.areasTitle")}</h2>
      <ul>
        {page.areas.map((a) => (
          <li key={a.area}>
            <Link to={a.href}>{t(`nav.${a.area}`)}</Link> – {t(`start.areas.${a.area}`)}
          </li>
        ))}
      </ul>
    </>
  );
}
