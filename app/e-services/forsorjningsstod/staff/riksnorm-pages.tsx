import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EntryField, EntryProblem, FigureField } from "../riksnorm-entry";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type { RiksnormIndexData, RiksnormYearData } from "./riksnorm-pages.server";
import { useStaffFormat } from "~/staff/ui/format";

/** The figures in the order and groups the ordinance prints them. */
const GROUPS: { group: string; fields: FigureField[] }[] = [
  {
    group: "children",
    fields: ["0", "1-2", "3", "4-6", "7-10", "11-14", "15-18", "19-20"].map((b) => `children.${b}` as FigureField),
  },
  {
    group: "childrenWithoutLunch",
    fields: ["0", "1-2", "3", "4-6"].map((b) => `childrenWithoutLunch.${b}` as FigureField),
  },
  { group: "adults", fields: ["adults.single", "adults.cohabitingCouple"] },
  {
    group: "shared",
    fields: [...[1, 2, 3, 4, 5, 6, 7].map((n) => `sharedCosts.${n}` as FigureField), "sharedCostsPerPersonAbove7"],
  },
];

const ANNOUNCEMENT = ["announcedSingle", "announcedCouple", "announcedBy", "announcedOn", "sourceUrl"] as const;

const inputId = (field: EntryField) => `f-${field.replace(/\./g, "-")}`;

/** A figure's label, unique on the page so a screen reader user knows which one it is. */
function useFieldLabel() {
  const { t } = useTranslation("staff");
  return (field: FigureField) => {
    const [group, key] = field.split(".") as [string, string | undefined];
    if (group === "children") return t("riksnorm.labels.childWithLunch", { band: t(`riksnorm.bands.${key}`) });
    if (group === "childrenWithoutLunch")
      return t("riksnorm.labels.childWithoutLunch", { band: t(`riksnorm.bands.${key}`) });
    if (field === "adults.single") return t("riksnorm.labels.adultSingle");
    if (field === "adults.cohabitingCouple") return t("riksnorm.labels.adultsCouple");
    if (group === "sharedCosts") return t("riksnorm.labels.shared", { count: Number(key) });
    return t("riksnorm.labels.sharedAbove7");
  };
}

function useProblemText() {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (field: EntryField, p: EntryProblem) => {
    switch (p.code) {
      case "total_differs":
        return `${t(p.difference > 0 ? "riksnorm.problems.total_more" : "riksnorm.problems.total_less", {
          computed: f.number(p.computed),
          announced: f.number(p.announced),
          difference: f.number(Math.abs(p.difference)),
        })} ${t(field === "announcedSingle" ? "riksnorm.problems.checkSingle" : "riksnorm.problems.checkCouple")}`;
      case "not_below_with_lunch":
        return t("riksnorm.problems.not_below_with_lunch", { withLunch: f.number(p.withLunch) });
      case "not_growing":
        return t("riksnorm.problems.not_growing", { fewer: f.number(p.fewer) });
      case "not_difference_6_7":
        return t("riksnorm.problems.not_difference_6_7", { expected: f.number(p.expected) });
      case "too_long":
        return t("riksnorm.problems.too_long", { max: p.max });
      default:
        return t(`riksnorm.problems.${p.code}`);
    }
  };
}

export function RiksnormIndexPage({ page }: { page: RiksnormIndexData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (
    <>
      {page.badYear !== null ? (
        <ErrorSummary>
          <li>
            <a href="#f-year">{t("riksnorm.badYear")}</a>
          </li>
        </ErrorSummary>
      ) : null}
      <h1>{t("riksnorm.title")}</h1>
      <p className="lead">{t("riksnorm.intro")}</p>
      {page.years.length === 0 ? (
        <p>{t("riksnorm.none")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="riksnorm-years" tabIndex={0}>
          <table className="table compact">
            <caption id="riksnorm-years">{t("riksnorm.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("riksnorm.columns.year")}</th>
                <th scope="col">{t("riksnorm.columns.origin")}</th>
                <th scope="col" className="numeric">
                  {t("riksnorm.columns.single")}
                </th>
                <th scope="col" className="numeric">
                  {t("riksnorm.columns.couple")}
                </th>
              </tr>
            </thead>
            <tbody>
              {page.years.map((row) => (
                <tr key={row.year}>
                  <th scope="row">
                    <Link to={`/personal/riksnorm/${row.year}`}>{row.year}</Link>
                  </th>
                  <td>
                    {row.inUse ? t(`riksnorm.origins.${row.inUse.origin}`) : t("riksnorm.origins.none")}
                    {row.draft ? ` ${t("riksnorm.draftExists")}` : ""}
                  </td>
                  <td className="numeric">
                    {row.inUse ? t("riksnorm.kronor", { amount: f.number(row.inUse.single) }) : "–"}
                  </td>
                  <td className="numeric">
                    {row.inUse ? t("riksnorm.kronor", { amount: f.number(row.inUse.couple) }) : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("riksnorm.newTitle")}</h2>
      <Form method="get" action="/personal/riksnorm">
        <div className={`form-group${page.badYear !== null ? " form-group-error" : ""}`}>
          <label className="label" htmlFor="f-year">
            {t("riksnorm.newYear")}
          </label>
          {page.badYear !== null ? (
            <p className="error-message" id="f-year-error">
              <span className="visually-hidden">{t("forms:errorPrefix")}</span> {t("riksnorm.badYear")}
            </p>
          ) : null}
          <input
            className="input width-4"
            inputMode="numeric"
            id="f-year"
            name="ar"
            defaultValue={page.badYear ?? String(page.suggestedYear)}
            aria-describedby={page.badYear !== null ? "f-year-error" : undefined}
            aria-invalid={page.badYear !== null ? true : undefined}
          />
        </div>
        <button type="submit" className="button">
          {t("riksnorm.newButton")}
        </button>
      </Form>
    </>
  );
}

export function RiksnormYearPage({ page }: { page: RiksnormYearData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const label = useFieldLabel();
  const problemText = useProblemText();
  const { year, previous } = page;
  const problems = Object.entries(page.problems) as [EntryField, EntryProblem][];
  const editable = page.inUse !== "shipped";
  const announcementLabel = (field: (typeof ANNOUNCEMENT)[number]) => t(`riksnorm.announcement.${field}`);
  const fieldName = (field: EntryField) =>
    field === "year"
      ? String(year)
      : (ANNOUNCEMENT as readonly string[]).includes(field)
        ? announcementLabel(field as (typeof ANNOUNCEMENT)[number])
        : label(field as FigureField);
  const typed = (field: FigureField): number | null => {
    const text = (page.values[field] ?? "").replace(/[\s\u00a0\u202f]/g, "");
    return /^\d{1,6}$/.test(text) ? Number(text) : null;
  };
  const signed = (n: number) => (n > 0 ? `+${f.number(n)}` : n < 0 ? `−${f.number(-n)}` : "0");

  return (
    <>
      {problems.length || page.alreadyPublished ? (
        <ErrorSummary>
          {page.alreadyPublished ? (
            <li>
              <a href="#publish">{t("riksnorm.alreadyPublished")}</a>
            </li>
          ) : null}
          {problems.map(([field, p]) => (
            <li key={field}>
              <a href={field === "year" ? "#riksnorm-figures" : `#${inputId(field)}`}>
                {fieldName(field)}: {problemText(field, p)}
              </a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      {page.saved ? (
        <div className="panel" role="status">
          <p>{t(`riksnorm.saved.${page.saved}`, { year })}</p>
        </div>
      ) : null}
      <p>
        <Link to="/personal/riksnorm">{t("riksnorm.back")}</Link>
      </p>
      <h1>{t("riksnorm.yearTitle", { year })}</h1>
      <p className="lead">
        {page.inUse
          ? t(`riksnorm.inUse.${page.inUse}`, { year, when: f.dateTime(page.stored?.publishedAt) })
          : t("riksnorm.inUse.none", { year })}
      </p>
      {page.stored?.status === "draft" ? (
        <p>{t("riksnorm.draftSaved", { when: f.dateTime(page.stored.savedAt), who: page.stored.savedBy })}</p>
      ) : null}
      {editable ? <p>{t("riksnorm.yearIntro")}</p> : null}
      {editable && page.prefilledFrom ? <p>{t("riksnorm.prefilled", { year: page.prefilledFrom })}</p> : null}

      <Form method="post" noValidate>
        <CsrfField />
        <div className="table-wrap" role="region" aria-labelledby="riksnorm-figures" tabIndex={0}>
          <table className="table compact" id="riksnorm-table">
            <caption id="riksnorm-figures">{t("riksnorm.figuresCaption", { year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("riksnorm.columns.item")}</th>
                <th scope="col" className="numeric">
                  {previous ? previous.year : t("riksnorm.columns.noPrevious")}
                </th>
                <th scope="col" className="figure-input">
                  {year}
                </th>
                <th scope="col" className="numeric">
                  {t("riksnorm.columns.difference")}
                </th>
              </tr>
            </thead>
            {GROUPS.map(({ group, fields }) => (
              <tbody key={group}>
                <tr>
                  <th scope="rowgroup" colSpan={4}>
                    {t(`riksnorm.groups.${group}`)}
                  </th>
                </tr>
                {fields.map((field) => {
                  const id = inputId(field);
                  const problem = page.problems[field];
                  const before = previous?.figures[field];
                  const now = typed(field);
                  return (
                    <tr key={field}>
                      <th scope="row">{editable ? <label htmlFor={id}>{label(field)}</label> : label(field)}</th>
                      <td className="numeric">{before === undefined ? "–" : f.number(before)}</td>
                      <td className="figure-input">
                        {problem ? (
                          <p className="error-message" id={`${id}-error`}>
                            <span className="visually-hidden">{t("forms:errorPrefix")}</span>{" "}
                            {problemText(field, problem)}
                          </p>
                        ) : null}
                        {editable ? (
                          <input
                            className="input width-short"
                            inputMode="numeric"
                            id={id}
                            name={field}
                            defaultValue={page.values[field] ?? ""}
                            aria-describedby={problem ? `${id}-error` : undefined}
                            aria-invalid={problem ? true : undefined}
                          />
                        ) : (
                          page.values[field]
                        )}
                      </td>
                      <td className="numeric">{before !== undefined && now !== null ? signed(now - before) : "–"}</td>
                    </tr>
                  );
                })}
              </tbody>
            ))}
          </table>
        </div>

        {editable ? (
          <>
            <h2>{t("riksnorm.announcementTitle")}</h2>
            <p>{t("riksnorm.announcementIntro")}</p>
            {ANNOUNCEMENT.map((field) => {
              const id = inputId(field);
              const problem = page.problems[field];
              const hintKey = `riksnorm.hints.${field}`;
              const previousTotal =
                previous && (field === "announcedSingle" || field === "announcedCouple")
                  ? t("riksnorm.hints.previousTotal", {
                      year: previous.year,
                      amount: f.number(field === "announcedSingle" ? previous.single : previous.couple),
                    })
                  : "";
              return (
                <div key={field} className={`form-group${problem ? " form-group-error" : ""}`}>
                  <label className="label" htmlFor={id}>
                    {announcementLabel(field)}
                  </label>
                  <div className="hint" id={`${id}-hint`}>
                    {t(hintKey)} {previousTotal}
                  </div>
                  {problem ? (
                    <p className="error-message" id={`${id}-error`}>
                      <span className="visually-hidden">{t("forms:errorPrefix")}</span> {problemText(field, problem)}
                    </p>
                  ) : null}
                  <input
                    className={`input ${field === "announcedBy" || field === "sourceUrl" ? "width-long" : "width-short"}`}
                    id={id}
                    name={field}
                    inputMode={field === "announcedSingle" || field === "announcedCouple" ? "numeric" : undefined}
                    type={field === "sourceUrl" ? "url" : "text"}
                    defaultValue={page.values[field] ?? ""}
                    aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ""}`}
                    aria-invalid={problem ? true : undefined}
                  />
                </div>
              );
            })}
            <p id="publish-hint">{t("riksnorm.publishHint", { year })}</p>
            <div className="button-group">
              <button
                type="submit"
                className="button"
                name="intent"
                value="publish"
                id="publish"
                aria-describedby="publish-hint"
              >
                {t("riksnorm.publish", { year })}
              </button>
              {page.stored?.status === "published" ? null : (
                <button type="submit" className="button secondary-button" name="intent" value="draft">
                  {t("riksnorm.saveDraft")}
                </button>
              )}
            </div>
          </>
        ) : null}
      </Form>
    </>
  );
}
