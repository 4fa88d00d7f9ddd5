import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guards.server";

export const handle = { i18n: ["auth"], title: "auth:staff.title" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context);
  return { name: staff.name, roles: staff.roles };
}

export default function StaffStart() {
  const { t } = useTranslation("auth");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.title")}</h1>
      <p className="lead">{t("staff.loggedInAs", { name: data.name ?? "–" })}</p>
      <h2>{t("staff.rolesTitle")}</h2>
      <ul>
        {data.roles.map((role) => (
          <li key={role}>{t(`staff.roles.${role}`)}</li>
        ))}
      </ul>
    </>
  );
}
