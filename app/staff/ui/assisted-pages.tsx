import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pagesOf } from "~/e-services/registry";
import { AnswerList, isSingleAnswer } from "~/intake/ui/answer-list";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type {
  AssistedPersonData,
  AssistedReceiptData,
  AssistedReviewData,
  AssistedStartData,
} from "../assisted/pages.server";
import { useStaffFormat } from "./format";
import { RecordedPersonList } from "./recorded-person";

export function AssistedStartPage({ page }: { page: AssistedStartData }) {
  const { t } = useTranslation("staff");
  const error = (field: "service" | "channel") => (page.errors.includes(field) ? t(`assisted.errors.${field}`) : null);
  return (
    <>
      {page.errors.length ? (
        <ErrorSummary>
          {page.errors.map((field) => (
            <li key={field}>
              <a href={`#f-${field}-0`}>{t(`assisted.errors.${field}`)}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      <h1>{t("assisted.title")}</h1>
      <p className="lead">{t("assisted.intro")}</p>
      <p>{t("assisted.sameRules")}</p>
      <Form method="post" noValidate>
        <CsrfField />
        <div className={`form-group${error("service") ? " form-group-error" : ""}`}>
          <fieldset className="fieldset" aria-describedby={error("service") ? "service-error" : undefined}>
            <legend className="legend">{t("assisted.service")}</legend>
            {error("service") ? (
              <p className="error-message" id="service-error">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error("service")}
              </p>
            ) : null}
            <div className="radios">
              {page.services.map((s, i) => (
                <div className="choice" key={s.id}>
                  <input
                    type="radio"
                    id={`f-service-${i}`}
                    name="service"
                    value={s.slug}
                    defaultChecked={page.chosen.service === s.slug}
                  />
                  <label htmlFor={`f-service-${i}`}>
                    {t(`services.${s.id}`)}
                    <span className="hint">
                      {" "}
                      – {t(s.needsPerson ? "assisted.needsPerson" : "assisted.reporterInSteps")}
                    </span>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div className={`form-group${error("channel") ? " form-group-error" : ""}`}>
          <fieldset className="fieldset" aria-describedby={error("channel") ? "channel-error" : undefined}>
            <legend className="legend">{t("assisted.channel")}</legend>
            {error("channel") ? (
              <p className="error-message" id="channel-error">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error("channel")}
              </p>
            ) : null}
            <div className="radios">
              {(["assisted", "paper"] as const).map((c, i) => (
                <div className="choice" key={c}>
                  <input
                    type="radio"
                    id={`f-channel-${i}`}
                    name="channel"
                    value={c}
                    defaultChecked={page.chosen.channel === c}
                    aria-describedby={`f-channel-${i}-hint`}
                  />
                  <label htmlFor={`f-channel-${i}`}>{t(`channels.${c}`)}</label>
                  <div className="hint" id={`f-channel-${i}-hint`}>
                    {t(`assisted.channelHint.${c}`)}
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="button">
          {t("assisted.start")}
        </button>
      </Form>
    </>
  );
}

const PERSON_FIELDS = ["name", "pnr", "birthDate", "phone", "email", "address", "language"] as const;

export function AssistedPersonPage({ page }: { page: AssistedPersonData }) {
  const { t } = useTranslation("staff");
  const problem = (field: string) => {
    const code = page.problems[field as keyof typeof page.problems];
    return code ? t(`assisted.personErrors.${field}.${code}`) : null;
  };
  const problems = [...PERSON_FIELDS, "interpreter" as const].filter((f) => problem(f));
  const input = (field: (typeof PERSON_FIELDS)[number], props: Record<string, unknown> = {}) => {
    const error = problem(field);
    const described = [`f-${field}-hint`, error ? `f-${field}-error` : null].filter(Boolean).join(" ");
    return (
      <div key={field} className={`form-group${error ? " form-group-error" : ""}`}>
        <label className="label" htmlFor={`f-${field}`}>
          {t(`assisted.person.${field}`)}
        </label>
        <div className="hint" id={`f-${field}-hint`}>
          {t(`assisted.person.${field}Hint`)}
        </div>
        {error ? (
          <p className="error-message" id={`f-${field}-error`}>
            <span className="visually-hidden">{t("forms:errorPrefix")}</span> {error}
          </p>
        ) : null}
        <input
          className="input width-long"
          id={`f-${field}`}
          name={field}
          defaultValue={page.values[field] ?? ""}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          {...props}
        />
      </div>
    );
  };
  return (
    <>
      <Link to={`/personal/registrera?tjanst=${page.slug}`} className="back-link">
        {t("forms:back")}
      </Link>
      {problems.length ? (
        <ErrorSummary>
          {problems.map((field) => (
            <li key={field}>
              <a href={`#f-${field}${field === "interpreter" ? "-0" : ""}`}>{problem(field)}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      <span className="caption">
        {t(`services.${page.serviceId}`)} – {t(`channels.${page.channel}`)}
      </span>
      <h1>{t("assisted.personTitle")}</h1>
      <p className="lead">{t("assisted.personIntro")}</p>
      <Form method="post" noValidate>
        <CsrfField />
        {input("name")}
        {input("pnr", { inputMode: "numeric", spellCheck: false, className: "input width-medium" })}
        {input("birthDate", { type: "date", className: "input width-medium" })}
        {input("phone", { type: "tel", className: "input width-medium" })}
        {input("email", { type: "email", spellCheck: false })}
        {input("address")}
        {input("language", { className: "input width-medium" })}
        <div className={`form-group${problem("interpreter") ? " form-group-error" : ""}`}>
          <fieldset className="fieldset">
            <legend className="legend">{t("assisted.person.interpreter")}</legend>
            <div className="radios">
              {(["ja", "nej"] as const).map((v, i) => (
                <div className="choice" key={v}>
                  <input
                    type="radio"
                    id={`f-interpreter-${i}`}
                    name="interpreter"
                    value={v}
                    defaultChecked={page.values.interpreter === v}
                  />
                  <label htmlFor={`f-interpreter-${i}`}>{t(v === "ja" ? "yes" : "no")}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" className="button">
          {t("assisted.continue")}
        </button>
      </Form>
    </>
  );
}

/** Check and send, for a staff member: the same answers as the person's own review, and who it is for. */
export function AssistedReviewPage({ page }: { page: AssistedReviewData }) {
  const { review, recorded } = page;
  const ns = review.serviceId;
  const { t } = useTranslation("staff");
  const Panel = pagesOf(ns).reviewPanel;
  const problems = [
    ...(review.declarationMissing ? [{ id: "f-declaration", text: t("assisted.review.declarationMissing") }] : []),
    ...(page.coPartiesMissing ? [{ id: "f-coParties", text: t("assisted.review.coPartiesMissing") }] : []),
  ];
  return (
    <>
      <Link to={review.back} className="back-link">
        {t("forms:back")}
      </Link>
      {problems.length ? (
        <ErrorSummary>
          {problems.map((p) => (
            <li key={p.id}>
              <a href={`#${p.id}`}>{p.text}</a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      <span className="caption">
        {t(`${ns}:title`)} – {t(`channels.${recorded.channel}`)}
      </span>
      <h1>{t("assisted.review.title")}</h1>
      <h2>{t("assisted.review.personTitle")}</h2>
      <RecordedPersonList person={recorded} />
      {review.sections.map((section) =>
        isSingleAnswer(section) ? (
          <AnswerList key={section.stepId} serviceId={ns} section={section} changeLinks />
        ) : (
          <section key={section.stepId} aria-labelledby={`s-${section.stepId}`}>
            <h2 id={`s-${section.stepId}`}>{t(`${ns}:steps.${section.stepId}.title`)}</h2>
            <AnswerList serviceId={ns} section={section} changeLinks />
          </section>
        ),
      )}
      {Panel && review.computed ? <Panel computed={review.computed} /> : null}
      {review.documents.length ? (
        <section aria-labelledby="s-documents">
          <h2 id="s-documents">{t("intake:review.documents")}</h2>
          <dl className="answers">
            {review.documents.map((doc) => (
              <div className="row" key={doc.ruleId}>
                <dt>{t(`${ns}:documents.${doc.ruleId}.label`)}</dt>
                <dd>{t(`intake:documents.resolution.${doc.resolution}`, { count: doc.files })}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <h2>{t("assisted.review.sendTitle")}</h2>
      <p>{t("assisted.review.sendIntro")}</p>
      <Form method="post" noValidate>
        <CsrfField />
        {review.declaration ? (
          <div className={`form-group${review.declarationMissing ? " form-group-error" : ""}`}>
            {review.declarationMissing ? (
              <p id="f-declaration-error" className="error-message">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span>{" "}
                {t("assisted.review.declarationMissing")}
              </p>
            ) : null}
            <div className="choice">
              <input
                type="checkbox"
                id="f-declaration"
                name="declaration"
                value="ja"
                aria-describedby={`f-declaration-hint${review.declarationMissing ? " f-declaration-error" : ""}`}
                aria-invalid={review.declarationMissing || undefined}
              />
              <label htmlFor="f-declaration">{t("assisted.review.declaration")}</label>
            </div>
            <div className="hint" id="f-declaration-hint">
              {t(`${ns}:review.declaration`)}
            </div>
          </div>
        ) : null}
        {page.coParties > 0 ? (
          <div className={`form-group${page.coPartiesMissing ? " form-group-error" : ""}`}>
            {page.coPartiesMissing ? (
              <p id="f-coParties-error" className="error-message">
                <span className="visually-hidden">{t("forms:errorPrefix")}</span>{" "}
                {t("assisted.review.coPartiesMissing")}
              </p>
            ) : null}
            <div className="choice">
              <input
                type="checkbox"
                id="f-coParties"
                name="coPartiesConfirmed"
                value="ja"
                aria-describedby={page.coPartiesMissing ? "f-coParties-error" : undefined}
                aria-invalid={page.coPartiesMissing || undefined}
              />
              <label htmlFor="f-coParties">{t("assisted.review.coParties", { count: page.coParties })}</label>
            </div>
          </div>
        ) : null}
        <button type="submit" className="button">
          {t("assisted.review.submit")}
        </button>
      </Form>
    </>
  );
}

export function AssistedReceiptPage({ page }: { page: AssistedReceiptData }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  return (
    <>
      <div className="panel">
        <h1>{t("assisted.receipt.title")}</h1>
        <p>{t("assisted.receipt.reference")}</p>
        <p className="reference ltr">{page.reference}</p>
      </div>
      <dl className="summary-list">
        <dt>{t("assisted.receipt.service")}</dt>
        <dd>{t(`services.${page.serviceId}`)}</dd>
        <dt>{t("assisted.receipt.arrived")}</dt>
        <dd>{page.submittedAt ? f.dateTime(page.submittedAt) : t("assisted.receipt.notYet")}</dd>
        <dt>{t("assisted.receipt.queue")}</dt>
        <dd>{t(`queueNames.${page.queue}`)}</dd>
      </dl>
      <p>{t("assisted.receipt.tellPerson")}</p>
      <h2>{t("assisted.review.personTitle")}</h2>
      <RecordedPersonList person={page.recorded} />
      <h2>{t("assisted.receipt.answersTitle")}</h2>
      {page.sections.map((section) => (
        <section key={section.stepId} aria-labelledby={`s-${section.stepId}`}>
          <h3 id={`s-${section.stepId}`}>{t(`${page.serviceId}:steps.${section.stepId}.title`)}</h3>
          <AnswerList serviceId={page.serviceId} section={section} changeLinks={false} />
        </section>
      ))}
      <p>
        <Link to="/personal/registrera">{t("assisted.receipt.another")}</Link>
      </p>
    </>
  );
}
