import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** GOV.UK's back link at the top of a page. */
export function BackLink({ to, text }: { to: string; text?: string }) {
  const { t } = useTranslation("forms");
  return (
    <Link to={to} className="back-link">
      {text ?? t("back")}
    </Link>
  );
}
