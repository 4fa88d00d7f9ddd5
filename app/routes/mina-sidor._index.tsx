import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireResident } from "~/auth/guards.server";
import { formatIdentityNumber } from "~/auth/personnummer";

export const handle = { i18n: ["auth"], title: "auth:myPages.title" };

export function loader({ request, context }: LoaderFunctionArgs) {
  const { person } = requireResident(request, context);
  // The full number is shown here because this page is only ever shown to its owner.
  return { name: person.name, pnr: formatIdentityNumber(person.pnr), protectedIdentity: person.protectedIdentity };
}

export default function MyPages() {
  const { t } = useTranslation("auth");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("myPages.title")}</h1>
      <dl className="summary-list">
        <dt>{t("myPages.name")}</dt>
        <dd>{data.name ?? "–"}</dd>
        <dt>{t("myPages.pnr")}</dt>
        <dd>
          <span className="ltr">{data.pnr}</span>
        </dd>
      </dl>
      {data.protectedIdentity ? <p className="notice">{t("myPages.protected")}</p> : null}
    </>
  );
}
