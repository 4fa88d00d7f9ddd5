import { Link, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "~/ui/use-hydrated";
import type { QueueOverview } from "../queues/queues.server";
import { useStaffFormat } from "./format";

/** Depth, the oldest waiting item's age, items in progress, retries and items for people, per queue. */
export function QueueTable({
  queues,
  workable,
  caption,
}: {
  queues: QueueOverview[];
  workable: string[];
  caption: string;
}) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const id = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className="table compact">
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("queues.columns.queue")}</th>
            <th scope="col" className="numeric">
              {t("queues.columns.waiting")}
            </th>
            <th scope="col" className="numeric">
              {t("queues.columns.oldest")}
            </th>
            <th scope="col" className="numeric">
              {t("queues.columns.inProgress")}
            </th>
            <th scope="col" className="numeric">
              {t("queues.columns.retrying")}
            </th>
            <th scope="col" className="numeric">
              {t("queues.columns.toHandle")}
            </th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.queue}>
              <th scope="row">
                {workable.includes(q.queue) ? (
                  <Link to={`/personal/koer/${q.queue}`}>{t(`queueNames.${q.queue}`)}</Link>
                ) : (
                  t(`queueNames.${q.queue}`)
                )}
              </th>
              <td className="numeric">{f.number(q.waiting)}</td>
              <td className="numeric">
                <bdi>{q.oldestSeconds === null ? "–" : f.duration(q.oldestSeconds / 60)}</bdi>
              </td>
              <td className="numeric">{f.number(q.inProgress)}</td>
              <td className="numeric">{f.number(q.retrying)}</td>
              <td className="numeric">{q.toHandle ? <strong>{f.number(q.toHandle)}</strong> : f.number(q.toHandle)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * When the figures were read, a plain link that reads them again (no script needed), and — once
 * the page's script has loaded — a switch, off until the person turns it on, that refreshes every
 * minute (WCAG 2.2.1: nothing refreshes by itself unless asked to).
 */
export function Refresh({ at }: { at: string }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const location = useLocation();
  const revalidator = useRevalidator();
  const scripted = useHydrated();
  const [auto, setAuto] = useState(false);
  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => revalidator.revalidate(), 60_000);
    return () => clearInterval(timer);
  }, [auto, revalidator]);
  return (
    <div className="refresh">
      <p role="status">{t("refresh.readAt", { time: f.time(at) })}</p>
      <p>
        <Link to={`${location.pathname}${location.search}`} reloadDocument>
          {t("refresh.now")}
        </Link>
      </p>
      {scripted ? (
        <div className="choice">
          <input type="checkbox" id="auto-refresh" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
          <label htmlFor="auto-refresh">{t("refresh.auto")}</label>
        </div>
      ) : null}
    </div>
  );
}
