import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FiguresPageData } from "../figures/pages.server";
import { channels, type Breakdown, type Share } from "~/figures/figures";
import { BarChart, FigureTable, type ChartSeries } from "./charts";
import { useStaffFormat } from "./format";

/** Adds up a breakdown over the months shown: each group's e-service reports and all its reports. */
function sumBreakdowns(months: Breakdown[][]): Breakdown[] {
  const totals = new Map<string, { numerator: number; denominator: number }>();
  for (const list of months)
    for (const b of list) {
      const t = totals.get(b.key) ?? { numerator: 0, denominator: 0 };
      t.numerator += b.share.numerator;
      t.denominator += b.share.denominator;
      totals.set(b.key, t);
    }
  return [...totals].map(([key, t]) => ({
    key,
    share: { ...t, share: t.denominator ? t.numerator / t.denominator : null },
  }));
}

const hours = (minutes: number | null) => (minutes === null ? null : minutes / 60);

export function FiguresPage({ page }: { page: FiguresPageData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const labels = page.figures.map((m) => f.month(m.month));
  const shown = (service: string) => page.service === "alla" || page.service === service;
  const shares = (pick: (m: FiguresPageData["figures"][number]) => Share) => page.figures.map((m) => pick(m).share);
  const shareCells = (pick: (m: FiguresPageData["figures"][number]) => Share) => [
    { header: t("figures.columns.numerator"), cells: page.figures.map((m) => f.number(pick(m).numerator)) },
    { header: t("figures.columns.denominator"), cells: page.figures.map((m) => f.number(pick(m).denominator)) },
    { header: t("figures.columns.share"), cells: page.figures.map((m) => f.percent(pick(m).share)) },
  ];
  const target = (value: number) => ({ value, label: t("figures.target", { value: f.percent(value) }) });
  /**
   * A share by month, as a chart and as the table that carries the same figures for those who
   * cannot see the chart: the share's own series and columns unless others are given.
   */
  const shareFigure = (spec: {
    id: string;
    chart: string;
    table: string;
    pick: (m: FiguresPageData["figures"][number]) => Share;
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
        series={spec.series ?? [{ label: t("figures.columns.share"), values: shares(spec.pick) }]}
        {...(spec.target === undefined ? {} : { target: target(spec.target) })}
      />
      <FigureTable
        id={spec.id}
        caption={spec.table}
        rowHeader={month}
        labels={labels}
        columns={[...shareCells(spec.pick), ...(spec.columns ?? [])]}
      />
    </>
  );
  const serviceName = (id: string) => t(`services.${id}`);
  const month = t("figures.columns.month");
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

      {shown("forsorjningsstod") ? (
        <section aria-labelledby="fs-h">
          <h2 id="fs-h">{serviceName("forsorjningsstod")}</h2>
          {shareFigure({
            id: "fs-eservice",
            chart: t("figures.fs.eServiceChart"),
            table: t("figures.fs.eServiceTable"),
            pick: (m) => m.forsorjningsstod.eService,
            target: page.targets.forsorjningsstodEService,
          })}
          {shareFigure({
            id: "fs-documents",
            chart: t("figures.fs.documentsChart"),
            table: t("figures.fs.documentsTable"),
            pick: (m) => m.forsorjningsstod.documents,
            target: page.targets.forsorjningsstodDocuments,
            columns: [
              {
                header: t("figures.fs.some"),
                cells: page.figures.map((m) => f.number(m.forsorjningsstod.documentsSome)),
              },
              {
                header: t("figures.fs.none"),
                cells: page.figures.map((m) => f.number(m.forsorjningsstod.documentsNone)),
              },
            ],
          })}
        </section>
      ) : null}

      {shown("orosanmalan") ? (
        <section aria-labelledby="oa-h">
          <h2 id="oa-h">{serviceName("orosanmalan")}</h2>
          {shareFigure({
            id: "oa-eservice",
            chart: t("figures.oa.eServiceChart"),
            table: t("figures.oa.eServiceTable"),
            pick: (m) => m.orosanmalan.eService,
            target: page.targets.orosanmalanEService,
            series: [
              { label: t("figures.oa.allReports"), values: shares((m) => m.orosanmalan.eService) },
              { label: t("figures.oa.aboutChildren"), values: shares((m) => m.orosanmalan.aboutChildren) },
            ],
            columns: [
              {
                header: t("figures.oa.aboutChildrenShare"),
                cells: page.figures.map((m) => f.percent(m.orosanmalan.aboutChildren.share)),
              },
            ],
          })}
          <h3>{t("figures.oa.breakdownTitle")}</h3>
          <p>{t("figures.oa.breakdownIntro")}</p>
          {breakdownTable(
            "oa-reporter",
            t("figures.oa.byReporter"),
            sumBreakdowns(page.figures.map((m) => m.orosanmalan.byReporter)),
            (k) => t(`figures.reporter.${k}`, { defaultValue: k }),
          )}
          {breakdownTable(
            "oa-organisation",
            t("figures.oa.byOrganisation"),
            sumBreakdowns(page.figures.map((m) => m.orosanmalan.byOrganisation)),
            (k) => t(`figures.organisation.${k}`, { defaultValue: k }),
          )}
          {breakdownTable(
            "oa-unit",
            t("figures.oa.byUnit"),
            sumBreakdowns(page.figures.map((m) => m.orosanmalan.byUnit)),
            unitName,
          )}
          <h3>{t("figures.oa.acuteTitle")}</h3>
          {shareFigure({
            id: "oa-acute",
            chart: t("figures.oa.acuteChart"),
            table: t("figures.oa.acuteTable"),
            pick: (m) => m.orosanmalan.acute,
            columns: [
              {
                header: t("figures.columns.median"),
                cells: page.figures.map((m) => f.duration(m.orosanmalan.acuteTimeToClaim.medianMinutes)),
              },
              {
                header: t("figures.columns.p95"),
                cells: page.figures.map((m) => f.duration(m.orosanmalan.acuteTimeToClaim.p95Minutes)),
              },
            ],
          })}
        </section>
      ) : null}

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

      {shown("samarbetssamtal") ? (
        <section aria-labelledby="ss-h">
          <h2 id="ss-h">{serviceName("samarbetssamtal")}</h2>
          {shareFigure({
            id: "ss-within",
            chart: t("figures.ss.chart"),
            table: t("figures.ss.table"),
            pick: (m) => m.samarbetssamtal.within14Days,
            target: page.targets.samarbetssamtalWithin14Days,
          })}
        </section>
      ) : null}

      <section aria-labelledby="msg-h">
        <h2 id="msg-h">{t("figures.messages.title")}</h2>
        <p>{t("figures.messages.intro")}</p>
        {Object.keys(page.figures[0]?.services ?? {}).map((service) => (
          <div key={service}>
            {shareFigure({
              id: `msg-${service}`,
              chart: t("figures.messages.chart", { service: serviceName(service) }),
              table: t("figures.messages.table", { service: serviceName(service) }),
              pick: (m) => m.services[service]!.messages.withMessage,
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
        {(
          ["channels", "fs", "fsDocuments", "oa", "acute", "registration", "ss", "messages", "percentiles"] as const
        ).map((k) => (
          <li key={k}>{t(`figures.definitions.${k}`)}</li>
        ))}
      </ul>
    </>
  );
}
