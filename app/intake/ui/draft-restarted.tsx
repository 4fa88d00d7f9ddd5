import { useTranslation } from "react-i18next";

/**
 * Above a service's start page: the draft begun under earlier questions could not be kept. Not a
 * heading: it comes before the page's h1.
 */
export function DraftRestarted() {
  const { t } = useTranslation("intake");
  return (
    <div className="notice" role="status">
      <p>
        <strong>{t("restarted.title")}</strong>
      </p>
      <p>{t("restarted.body")}</p>
    </div>
  );
}
