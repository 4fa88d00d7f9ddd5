import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BackLink } from "~/ui/back-link";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import { FieldInput, firstInputId, useFieldTexts } from "~/ui/form/field-input";
import type { FieldView } from "~/intake/view";
import type { ContactPageData } from "../contact.server";

function SummaryEntry({ field }: { field: FieldView }) {
  const texts = useFieldTexts("mypages", "kontakt", field);
  return (
    <li>
      <a href={`#${firstInputId(field)}`}>{texts.error}</a>
    </li>
  );
}

export function ContactPage({ page }: { page: ContactPageData }) {
  const { t } = useTranslation(["mypages", "forms"]);
  const errors = page.fields.filter((f) => f.error);
  return (
    <>
      <BackLink to="/mina-sidor" text={t("mypages:submission.back")} />
      {errors.length ? (
        <ErrorSummary>
          {errors.map((field) => (
            <SummaryEntry key={field.name} field={field} />
          ))}
        </ErrorSummary>
      ) : null}
      {page.saved ? (
        <div className="notice" role="status">
          <p>{t("contact.saved")}</p>
        </div>
      ) : null}
      <h1>{t("contact.title")}</h1>
      <p className="lead">{t("contact.intro")}</p>
      <Form method="post" noValidate>
        <CsrfField />
        {page.fields
          .filter((f) => f.name !== "protectedIdentity" || !page.protectedIdentity)
          .map((field) => (
            <FieldInput key={field.name} namespace="mypages" stepId="kontakt" field={field} />
          ))}
        {page.protectedIdentity ? (
          <>
            <input type="hidden" name="protectedIdentity" value="ja" />
            <p className="notice">{t("contact.protectedSet")}</p>
          </>
        ) : null}
        <button type="submit" className="button">
          {t("contact.save")}
        </button>
      </Form>
    </>
  );
}
