import { useTranslation } from "react-i18next";

export const handle = { i18n: ["auth"], title: "auth:loggedOut.title" };

export default function LoggedOut() {
  const { t } = useTranslation("auth");
  return (
    <>
      <h1>{t("loggedOut.title")}</h1>
      <p>{t("loggedOut.body")}</p>
      <p>
        <a href="/">{t("loggedOut.start")}</a>
      </p>
    </>
  );
}
