import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";

export function SiteHeader({
  municipality,
  logo,
  actions,
}: {
  municipality: string;
  logo: string;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="container">
        <Link to="/" className="brand">
          <img src={logo} alt="" width="48" height="48" />
          <span>
            <span className="brand-name">{municipality}</span>
            <span className="brand-service">{t("portalName")}</span>
          </span>
        </Link>
        {actions ? <div className="header-actions">{actions}</div> : null}
      </div>
    </header>
  );
}
