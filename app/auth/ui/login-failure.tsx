import { useTranslation } from "react-i18next";
import type { LoginFailureData } from "../login-flow.server";

/** Why a login did not go through, in the person's language, with a way to try again. */
export function LoginFailure({ failure }: { failure: LoginFailureData }) {
  const { t } = useTranslation("auth");
  return (
    <>
      <h1>{t(`failure.${failure.reason}.title`)}</h1>
      <p>{t(`failure.${failure.reason}.body`)}</p>
      <p>
        <a href={failure.retry} className="button">
          {t("failure.tryAgain")}
        </a>
      </p>
      <p>
        <a href="/">{t("failure.start")}</a>
      </p>
    </>
  );
}
