import { useTranslation } from "react-i18next";
import { intlLocale, isLanguageCode } from "~/i18n/languages";
import type { Provberakning } from "./calculation";
import type { NormItem } from "./riksnorm";

/**
 * The provberäkning on the check-your-answers page, in plain words: first that it is an
 * estimate and not a decision, then the figures as a table (the norm, the costs, the incomes,
 * what is missing), then which year's riksnorm and which ordinance. When the month's year has
 * no table it says so, and shows no figures from another year.
 */

type Result = Provberakning["result"];
type Calculated = Extract<Result, { ok: true }>;

function useFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocale(isLanguageCode(i18n.language) ? i18n.language : "sv");
  return {
    kronor: (amount: number) => `${new Intl.NumberFormat(locale).format(amount)} kr`,
    month: (yearMonth: string) =>
      new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
        new Date(`${yearMonth}-01T00:00:00Z`),
      ),
  };
}

function normLabel(t: (key: string, options?: Record<string, unknown>) => string, item: NormItem) {
  switch (item.code) {
    case "personal.adult_single":
      return t("calculation.items.adultSingle");
    case "personal.adults_cohabiting_couple":
      return t("calculation.items.adultsCouple");
    case "shared.household":
      return t("calculation.items.shared", { count: item.personsInHousehold });
    case "shared.household_share":
      return t("calculation.items.sharedShare", {
        count: item.personsInHousehold,
        part: item.personsInApplication,
      });
    default:
      return t(item.code.endsWith("_without_lunch") ? "calculation.items.childLunchAway" : "calculation.items.child", {
        age: item.age,
      });
  }
}

function Figures({ month, result }: { month: string; result: Calculated }) {
  const { t } = useTranslation("forsorjningsstod");
  const format = useFormat();
  // Item labels are plain cells; totals are row headers, so they stand out and are announced as such.
  const row = (key: string, label: string, amount: string, total = false) => (
    <tr key={key}>
      {total ? <th scope="row">{label}</th> : <td>{label}</td>}
      <td className="numeric">{total ? <strong>{amount}</strong> : amount}</td>
    </tr>
  );
  const group = (id: string, title: string) => (
    <tr key={id}>
      <th scope="rowgroup" colSpan={2}>
        {title}
      </th>
    </tr>
  );
  const { norm, reasonableCosts, incomes } = result;
  return (
    <table className="table">
      <caption>{t("calculation.caption", { month: format.month(month) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("calculation.what")}</th>
          <th scope="col" className="numeric">
            {t("calculation.perMonth")}
          </th>
        </tr>
      </thead>
      <tbody>
        {group("norm", t("calculation.normTitle", { year: result.table.year }))}
        {norm.items.map((item, i) => row(`n${i}`, normLabel(t, item), format.kronor(item.amount)))}
        {row("normTotal", t("calculation.normTotal"), format.kronor(norm.total), true)}
      </tbody>
      <tbody>
        {group("costs", t("calculation.costsTitle"))}
        {reasonableCosts.items.length ? (
          reasonableCosts.items.map((item) =>
            row(
              `c-${item.code}`,
              item.code === "rent" ? t("calculation.rent") : t(`fields.kostnader.costs.options.${item.code}`),
              format.kronor(item.amount),
            ),
          )
        ) : (
          <tr>
            <td colSpan={2}>{t("calculation.noCosts")}</td>
          </tr>
        )}
        {row("costsTotal", t("calculation.costsTotal"), format.kronor(reasonableCosts.total), true)}
      </tbody>
      <tbody>
        {group("incomes", t("calculation.incomesTitle"))}
        {incomes.items.length ? (
          incomes.items.map((item) =>
            row(`i-${item.code}`, t(`fields.inkomster.applicant.options.${item.code}`), format.kronor(item.amount)),
          )
        ) : (
          <tr>
            <td colSpan={2}>{t("calculation.noIncomes")}</td>
          </tr>
        )}
        {row("incomesTotal", t("calculation.incomesTotal"), format.kronor(incomes.total), true)}
      </tbody>
      <tbody>
        {group("result", t("calculation.resultTitle"))}
        {row("needs", t("calculation.needs"), format.kronor(result.needs))}
        {row("minusIncomes", t("calculation.minusIncomes"), `\u2212${format.kronor(incomes.total)}`)}
        {row("estimate", t("calculation.estimate"), format.kronor(result.preliminaryAmount), true)}
      </tbody>
    </table>
  );
}

export function ForsorjningsstodReviewPanel({ computed }: { computed: Record<string, unknown> }) {
  const { t } = useTranslation("forsorjningsstod");
  const format = useFormat();
  const calculation = computed as unknown as Provberakning;
  if (calculation?.kind !== "provberakning") return null;
  const { result, month, leftOut } = calculation;

  return (
    <section aria-labelledby="s-provberakning">
      <h2 id="s-provberakning">{t("calculation.title")}</h2>
      <p className="lead">{t("calculation.notDecision")}</p>
      {result.ok && month ? (
        <>
          <p>
            {result.outcome.kind === "shortfall"
              ? t("calculation.summaryShortfall", {
                  amount: format.kronor(result.outcome.amount),
                  month: format.month(month),
                })
              : result.outcome.kind === "excess"
                ? t("calculation.summaryExcess", { amount: format.kronor(result.outcome.amount) })
                : t("calculation.summaryBalanced")}
          </p>
          <Figures month={month} result={result} />
          {leftOut.childrenLivingPartly ? (
            <p>{t("calculation.leftOut.livingPartly", { count: leftOut.childrenLivingPartly })}</p>
          ) : null}
          {leftOut.childrenCountedAsAdults ? (
            <p>{t("calculation.leftOut.countedAsAdults", { count: leftOut.childrenCountedAsAdults })}</p>
          ) : null}
          {leftOut.childrenBornAfterTheMonth ? (
            <p>{t("calculation.leftOut.bornAfter", { count: leftOut.childrenBornAfterTheMonth })}</p>
          ) : null}
          <p>{t("calculation.howCounted")}</p>
          <p className="hint">
            {t("calculation.source", { year: result.table.year, provision: result.table.source.provision })}
            {result.table.source.amendment
              ? ` ${t("calculation.amendment", { sfs: result.table.source.amendment.sfs })}`
              : null}
          </p>
        </>
      ) : (
        <div className="notice">
          <p>
            {!result.ok && result.reason === "no_table_for_year"
              ? t("calculation.noTable", { year: result.year })
              : t("calculation.unavailable")}
          </p>
        </div>
      )}
    </section>
  );
}
