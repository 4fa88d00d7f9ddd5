import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * GOV.UK error summary: first on the page, each problem a link to its field (the children are
 * the list items), focused when the page loads so a screen reader starts there.
 */
export function ErrorSummary({ children }: { children: ReactNode }) {
  const { t } = useTranslation("forms");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{t("errorSummary")}</h2>
      <ul>{children}</ul>
    </div>
  );
}
