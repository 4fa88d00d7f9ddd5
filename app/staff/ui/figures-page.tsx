import { Form } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { FiguresPageData } from "../figures/pages.server";
import { channels, type Breakdown, type Share } from "~/figures/figures";
import type { FigureBlock } from "~/figures/service-figures";
import { BarChart, FigureTable, type ChartSeries } from "./charts";
import { useStaffFormat } from "./format";

const hours = (minutes: number | null) => (minutes === null ? null : minutes / 60);

export function FiguresPage({ page }: { page: FiguresPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const labels = page.figures.map((m) => f.month(m.month));
  const month = t("figures.columns.month");
  const target = (value: number) => ({ value, label: t("figures.target", { value: f.percent(value) }) });
  /**
   * A share by month, as a chart and as the table that carries the same figures for those who
   * cannot see the chart: the share's own series and columns unless others are given.
   */
  const shareFigure = (spec: {
    id: string;
    chart: string;
    table: string;
    shares: Share[];
    target?: number;
    series?: ChartSeries[];
    columns?: { header: string; cells: string[] }[];
  }) => (
    <>
      <BarChart
        id={spec.id}
        title={spec.chart}
        labels={labels}
        kind="share"
        format={f.percent}
        series={spec.series ?? [{ label: t("figures.columns.share"), values: spec.shares.map((s) => s.share) }]}
        {...(spec.target === undefined ? {} : { target: target(spec.target) })}
      />
      <FigureTable
        id={spec.id}
        caption={spec.table}
        rowHeader={month}
        labels={labels}
        columns={[
          { header: t("figures.columns.numerator"), cells: spec.shares.map((s) => f.number(s.numerator)) },
          { header: t("figures.columns.denominator"), cells: spec.shares.map((s) => f.number(s.denominator)) },
          { header: t("figures.columns.share"), cells: spec.shares.map((s) => f.percent(s.share)) },
          ...(spec.columns ?? []),
        ]}
      />
    </>
  );
  const serviceName = (id: string) => t(`services.${id}`);
  const unitName = (id: string) =>
    id === "annan" ? t("figures.otherUnit") : (page.units.find((u) => u.id === id)?.name ?? id);

  const breakdownTable = (id: string, caption: string, list: Breakdown[], name: (key: string) => string) =>
    list.length ? (
      <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="table compact">
          <caption id={`${id}-caption`}>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("figures.columns.group")}</th>
              <th scope="col" className="numeric">
                {t("figures.columns.eService")}
              </th>
              <th scope="col" className="numeric">
                {t("figures.columns.all")}
              </th>
              <th scope="col" className="numeric">
                {t("figures.columns.share")}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.key}>
                <th scope="row">{name(b.key)}</th>
                <td className="numeric">{f.number(b.share.numerator)}</td>
                <td className="numeric">{f.number(b.share.denominator)}</td>
                <td className="numeric">{f.percent(b.share.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : null;

  /** One block of a service's own figures, as its module describes it (~/figures/service-figures). */
  const ownBlock = (b: FigureBlock) => {
    switch (b.kind) {
      case "share":
        return shareFigure({
          id: b.id,
          chart: t(b.chart),
          table: t(b.table),
          shares: b.shares,
          ...(b.target === null ? {} : { target: b.target }),
          ...(b.series ? { series: b.series.map((s) => ({ label: t(s.label), values: s.values })) } : {}),
          columns: b.columns.map((c) => ({ header: t(c.header), cells: c.values.map((v) => f[c.format](v)) })),
        });
      case "heading":
        return (
          <>
            <h3>{t(b.title)}</h3>
            {b.intro ? <p>{t(b.intro)}</p> : null}
          </>
        );
      case "breakdown":
        return breakdownTable(b.id, t(b.caption), b.groups, (key) =>
          b.names === "units" ? unitName(key) : t(`${b.names.prefix}.${key}`, { defaultValue: key }),
        );
    }
  };

  return (
    <>
      <h1>{t("figures.title")}</h1>
      <p className="lead">{t("figures.intro")}</p>
      {page.invalid ? (
        <div className="notice" role="status">
          <p>{t("figures.invalidRange")}</p>
        </div>
      ) : null}
      <Form method="get" className="filters" aria-label={t("figures.filterLabel")}>
        <div className="form-group">
          <label className="label" htmlFor="f-fran">
            {t("figures.from")}
          </label>
          <select className="select" id="f-fran" name="fran" defaultValue={page.first}>
            {page.choices.map((m) => (
              <option key={m} value={m}>
                {f.monthLong(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label className="label" htmlFor="f-till">
            {t("figures.to")}
          </label>
          <select className="select" id="f-till" name="till" defaultValue={page.last}>
            {page.choices.map((m) => (
              <option key={m} value={m}>
                {f.monthLong(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label className="label" htmlFor="f-tjanst">
            {t("figures.service")}
          </label>
          <select className="select" id="f-tjanst" name="tjanst" defaultValue={page.service}>
            <option value="alla">{t("figures.allServices")}</option>
            {page.services.map((s) => (
              <option key={s} value={s}>
                {serviceName(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <button type="submit" className="button secondary-button">
            {t("figures.show")}
          </button>
        </div>
      </Form>
      <p>
        <a href={page.csv} download>
          {t("figures.csv")}
        </a>
      </p>

      <h2>{t("figures.channels.title")}</h2>
      <p>{t("figures.channels.intro")}</p>
      {Object.keys(page.figures[0]?.services ?? {}).map((service) => (
        <section key={service} aria-labelledby={`ch-${service}-h`}>
          <h3 id={`ch-${service}-h`}>{serviceName(service)}</h3>
          <BarChart
            id={`ch-${service}`}
            title={t("figures.channels.chart", { service: serviceName(service) })}
            labels={labels}
            kind="amount"
            format={f.number}
            series={channels.map((c) => ({
              label: t(`channels.${c}`),
              values: page.figures.map((m) => m.services[service]!.byChannel[c]),
            }))}
          />
          <FigureTable
            id={`ch-${service}`}
            caption={t("figures.channels.table", { service: serviceName(service) })}
            rowHeader={month}
            labels={labels}
            columns={[
              ...channels.map((c) => ({
                header: t(`channels.${c}`),
                cells: page.figures.map((m) => f.number(m.services[service]!.byChannel[c])),
              })),
              {
                header: t("figures.columns.all"),
                cells: page.figures.map((m) => f.number(m.services[service]!.total)),
              },
            ]}
          />
        </section>
      ))}

      {page.sections.map(({ service, blocks }) => (
        <section key={service} aria-labelledby={`${service}-h`}>
          <h2 id={`${service}-h`}>{serviceName(service)}</h2>
          {blocks.map((b, i) => (
            <Fragment key={`${b.kind}-${i}`}>{ownBlock(b)}</Fragment>
          ))}
        </section>
      ))}

      <section aria-labelledby="reg-h">
        <h2 id="reg-h">{t("figures.registration.title")}</h2>
        <p>{t("figures.registration.intro")}</p>
        {Object.keys(page.figures[0]?.services ?? {}).map((service) => (
          <div key={service}>
            <BarChart
              id={`reg-${service}`}
              title={t("figures.registration.chart", { service: serviceName(service) })}
              labels={labels}
              kind="amount"
              format={f.number}
              series={[
                {
                  label: t("figures.registration.medianHours"),
                  values: page.figures.map((m) => hours(m.services[service]!.registration.byRobot.medianMinutes)),
                },
                {
                  label: t("figures.registration.p95Hours"),
                  values: page.figures.map((m) => hours(m.services[service]!.registration.byRobot.p95Minutes)),
                },
              ]}
            />
            <FigureTable
              id={`reg-${service}`}
              caption={t("figures.registration.table", { service: serviceName(service) })}
              rowHeader={month}
              labels={labels}
              columns={[
                {
                  header: t("figures.registration.byRobot"),
                  cells: page.figures.map((m) => f.number(m.services[service]!.registration.byRobot.count)),
                },
                {
                  header: t("figures.columns.median"),
                  cells: page.figures.map((m) => f.duration(m.services[service]!.registration.byRobot.medianMinutes)),
                },
                {
                  header: t("figures.columns.p95"),
                  cells: page.figures.map((m) => f.duration(m.services[service]!.registration.byRobot.p95Minutes)),
                },
                {
                  header: t("figures.registration.byHand"),
                  cells: page.figures.map((m) => f.number(m.services[service]!.registration.byHand)),
                },
              ]}
            />
          </div>
        ))}
      </section>

      <section aria-labelledby="msg-h">
        <h2 id="msg-h">{t("figures.messages.title")}</h2>
        <p>{t("figures.messages.intro")}</p>
        {Object.keys(page.figures[0]?.services ?? {}).map((service) => (
          <div key={service}>
            {shareFigure({
              id: `msg-${service}`,
              chart: t("figures.messages.chart", { service: serviceName(service) }),
              table: t("figures.messages.table", { service: serviceName(service) }),
              shares: page.figures.map((m) => m.services[service]!.messages.withMessage),
              columns: [
                {
                  header: t("figures.messages.fromPerson"),
                  cells: page.figures.map((m) => f.number(m.services[service]!.messages.fromPerson)),
                },
                {
                  header: t("figures.messages.toPerson"),
                  cells: page.figures.map((m) => f.number(m.services[service]!.messages.toPerson)),
                },
              ],
            })}
          </div>
        ))}
      </section>

      <h2>{t("figures.definitionsTitle")}</h2>
      <ul>
        {[
          "figures.definitions.channels",
          ...page.definitions,
          "figures.definitions.registration",
          "figures.definitions.messages",
          "figures.definitions.percentiles",
        ].map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </>
  );
}
