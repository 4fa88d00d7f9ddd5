import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeReturnPath } from "~/http/safe-redirect";
import { PhoneLink } from "~/ui/phone-link";

export const handle = { i18n: ["auth"], title: "auth:login.title" };

export function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const returnTo = safeReturnPath(url.searchParams.get("returnTo"), "/mina-sidor");
  if (context.session?.kind === "resident") throw redirect(returnTo);
  return {
    start: `/logga-in/e-legitimation?${new URLSearchParams({ returnTo })}`,
    expired: url.searchParams.get("reason") === "expired",
    phone: context.services.config.municipality.contact.phone,
  };
}

export default function Login() {
  const { t } = useTranslation("auth");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      {data.expired ? (
        <div className="notice" role="status">
          <p>{t("login.expired")}</p>
        </div>
      ) : null}
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.intro")}</p>
      <p>
        <a href={data.start} className="button">
          {t("login.button")}
        </a>
      </p>
      <h2>{t("login.noEidTitle")}</h2>
      <p>
        {t("login.noEidBody")} <PhoneLink phone={data.phone} />
      </p>
    </>
  );
}
