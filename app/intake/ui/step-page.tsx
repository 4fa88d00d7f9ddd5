import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BackLink } from "~/ui/back-link";
import { pagesOf } from "~/e-services/registry";
import { AcuteDanger } from "~/ui/acute-danger";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import { FieldInput, firstInputId, useFieldTexts } from "~/ui/form/field-input";
import type { StepPageData } from "../step-route.server";
import type { FieldView } from "../view";

/** The error summary's entry for one field: "<question>: <what is wrong>". */
function SummaryEntry({ namespace, stepId, field }: { namespace: string; stepId: string; field: FieldView }) {
  const texts = useFieldTexts(namespace, stepId, field);
  return (
    <li>
      <a href={`#${firstInputId(field)}`}>
        {texts.label}
        {/[?:.!؟]$/.test(texts.label) ? " " : ": "}
        {texts.error}
      </a>
    </li>
  );
}

function StepErrors({ page }: { page: StepPageData }) {
  const { t } = useTranslation([page.serviceId, "forms"]);
  const withErrors = page.fields.filter((f) => f.error);
  const tooFew = page.repeat?.tooFew;
  if (withErrors.length === 0 && !tooFew && page.problems.length === 0) return null;
  return (
    <ErrorSummary>
      {withErrors.map((field) => (
        <SummaryEntry key={field.name} namespace={page.serviceId} stepId={page.stepId} field={field} />
      ))}
      {page.problems.map((problem) => (
        <li key={problem.field}>
          <a href={`#f-${problem.field}`}>
            {t(
              [
                `${page.serviceId}:fields.${page.stepId}.${problem.field}.errors.${problem.error}`,
                `forms:errors.${problem.error}`,
              ],
              problem.params,
            )}
          </a>
        </li>
      ))}
      {tooFew ? (
        <li>
          <a href="#f-add">
            {t([`${page.serviceId}:steps.${page.stepId}.tooFew`, "forms:repeat.tooFew"], {
              min: page.repeat!.min,
              count: page.repeat!.min,
            })}
          </a>
        </li>
      ) : null}
    </ErrorSummary>
  );
}

/** One step of an e-service: a plain page of questions, or the "add another" pattern. */
export function StepPage({ page }: { page: StepPageData }) {
  const { t } = useTranslation([page.serviceId, "forms"]);
  const ns = page.serviceId;
  const title = t(`${ns}:steps.${page.stepId}.title`);
  const intro = t(`${ns}:steps.${page.stepId}.intro`, { defaultValue: "" });
  // A custom step always has its component: the registry test fails on one without.
  const Custom = pagesOf(page.serviceId).customSteps[page.stepId] ?? null;
  const oneQuestion = !page.repeat && !Custom && page.fields.length === 1 && !intro;
  const itemForm = !!page.repeat && (page.repeat.items.length < page.repeat.max || page.repeat.editing !== null);
  const hidden = (
    <>
      <CsrfField />
      {page.returnToReview ? <input type="hidden" name="returnToReview" value="1" /> : null}
    </>
  );

  return (
    <>
      {page.back ? <BackLink to={page.back} /> : null}
      <StepErrors page={page} />
      {page.notice === "acute" ? <AcuteDanger /> : null}
      {page.conflict ? (
        <div className="notice" role="alert">
          <p>{t(`${ns}:conflicts.${page.conflict}`)}</p>
        </div>
      ) : null}
      <span className="caption">{t(`${ns}:title`)}</span>
      {oneQuestion ? null : <h1>{title}</h1>}
      {intro ? <p className="lead">{intro}</p> : null}

      {page.repeat ? (
        <>
          {page.repeat.items.length > 0 ? (
            <>
              <h2>{t(`${ns}:steps.${page.stepId}.added`, { count: page.repeat.items.length })}</h2>
              <ul className="items">
                {page.repeat.items.map((item) => (
                  <li key={item.index}>
                    <span>{item.title}</span>
                    <span className="button-group">
                      <Link to={`?post=${item.index}${page.returnToReview ? "&andra=1" : ""}`}>
                        {t("forms:repeat.change")}
                        <span className="visually-hidden"> {item.title}</span>
                      </Link>
                      <Form method="post" replace>
                        {hidden}
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="index" value={item.index} />
                        <button type="submit" className="link-button">
                          {t("forms:repeat.remove")}
                          <span className="visually-hidden"> {item.title}</span>
                        </button>
                      </Form>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {itemForm ? (
            // The item's form is also the one "continue" posts, so nothing typed is lost whichever
            // is pressed (the server adds a filled-in item before going on). Keyed by what it holds,
            // so the inputs empty after an item is added.
            <Form
              method="post"
              noValidate
              id="f-add"
              tabIndex={-1}
              key={`${page.repeat.items.length}-${page.repeat.editing}`}
            >
              {hidden}
              {page.repeat.editing !== null ? <input type="hidden" name="editing" value={page.repeat.editing} /> : null}
              <h2>{t(`${ns}:steps.${page.stepId}.${page.repeat.editing !== null ? "changeItem" : "addItem"}`)}</h2>
              {page.fields.map((field) => (
                <FieldInput key={field.name} namespace={ns} stepId={page.stepId} field={field} />
              ))}
              <button type="submit" name="intent" value="add" className="button secondary-button">
                {t(page.repeat.editing !== null ? "forms:repeat.save" : "forms:repeat.add")}
              </button>
            </Form>
          ) : null}
          {itemForm ? (
            // Outside the item's box on the page, but posts the item form with what was typed.
            <button type="submit" form="f-add" name="intent" value="continue" className="button">
              {t("forms:continue")}
            </button>
          ) : (
            <Form method="post">
              {hidden}
              <input type="hidden" name="intent" value="continue" />
              <button type="submit" className="button">
                {t("forms:continue")}
              </button>
            </Form>
          )}
        </>
      ) : Custom ? (
        <Form method="post" noValidate>
          {hidden}
          <input type="hidden" name="intent" value="continue" />
          <Custom page={page} />
          <button type="submit" className="button">
            {t("forms:continue")}
          </button>
        </Form>
      ) : (
        <Form method="post" noValidate>
          {hidden}
          <input type="hidden" name="intent" value="continue" />
          {page.fields.map((field) => (
            <FieldInput key={field.name} namespace={ns} stepId={page.stepId} field={field} asHeading={oneQuestion} />
          ))}
          <button type="submit" className="button">
            {t("forms:continue")}
          </button>
        </Form>
      )}
    </>
  );
}
