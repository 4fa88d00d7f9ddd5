import { useTranslation } from "react-i18next";

/** "Someone in acute danger: call 112" — first and unmissable where it matters. */
export function AcuteDanger({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="acute" aria-labelledby="acute-heading">
      <Heading id="acute-heading">{t("acute.title")}</Heading>
      <p className="call">
        <a href="tel:112">{t("acute.call")}</a>
      </p>
      <p>{t("acute.body")}</p>
    </section>
  );
}
