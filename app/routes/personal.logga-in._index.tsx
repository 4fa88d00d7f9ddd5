import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeReturnPath } from "~/http/safe-redirect";

export const handle = { i18n: ["auth"], title: "auth:staffLogin.title" };

export function loader({ request, context }: LoaderFunctionArgs) {
  const returnTo = safeReturnPath(new URL(request.url).searchParams.get("returnTo"), "/personal");
  if (context.session?.kind === "staff") throw redirect(returnTo);
  return { start: `/personal/logga-in/start?${new URLSearchParams({ returnTo })}` };
}

export default function StaffLogin() {
  const { t } = useTranslation("auth");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staffLogin.title")}</h1>
      <p className="lead">{t("staffLogin.intro")}</p>
      <p>
        <a href={data.start} className="button">
          {t("staffLogin.button")}
        </a>
      </p>
    </>
  );
}
