import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { EntryPageData } from "~/intake/entry-page";
import { CsrfField } from "~/ui/csrf-field";

export function ProvtjanstEntry({ page }: { page: EntryPageData }) {
  const { t } = useTranslation("provtjanst");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("entry.intro")}</p>
      <Form method="post" action={`/${page.slug}/starta`}>
        <CsrfField />
        <button type="submit" className="button">
          {t("entry.start")}
        </button>
      </Form>
    </>
  );
}
