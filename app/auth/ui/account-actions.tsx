import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/ui/csrf-field";

export type SessionSummary = { kind: "resident" | "staff"; name: string | null; idleRemainingMs: number } | null;

/** The header's login link, or where a logged-in person's pages are and a way out. */
export function AccountActions({ session }: { session: SessionSummary }) {
  const { t } = useTranslation("auth");
  if (!session) {
    return <Link to="/logga-in">{t("header.login")}</Link>;
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
