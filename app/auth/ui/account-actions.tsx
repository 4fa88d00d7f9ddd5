import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/ui/csrf-field";
import { loginHref } from "../login-href";

export type SessionSummary = { kind: "resident" | "staff"; name: string | null; idleRemainingMs: number } | null;

/** The header's login link, or where a logged-in person's pages are and a way out. */
export function AccountActions({ session }: { session: SessionSummary }) {
  const { t } = useTranslation("auth");
  const location = useLocation();
  if (!session) {
    return <Link to={loginHref(location.pathname, location.search)}>{t("header.login")}</Link>;
  }
  return (
    <>
      <Link to={session.kind === "staff" ? "/personal" : "/mina-sidor"}>
        {session.kind === "staff" ? t("header.staff") : t("header.myPages")}
      </Link>
      <form method="post" action="/logga-ut">
        <CsrfField />
        <button type="submit" className="link-button">
          {t("logout")}
        </button>
      </form>
    </>
  );
}
