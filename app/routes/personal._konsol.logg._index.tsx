import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { auditLoader, type AuditPageData } from "~/staff/audit/pages.server";
import { AuditPage } from "~/staff/ui/admin-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: AuditPageData | undefined) =>
    data?.errors.length ? `${t("forms:errorPrefix")} ${t("staff:audit.title")}` : t("staff:audit.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => auditLoader(request, context);

export default function AuditLog() {
  return <AuditPage page={useLoaderData<typeof loader>()} />;
}
