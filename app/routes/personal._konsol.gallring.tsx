import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { retentionAction, retentionLoader, type RetentionPageData } from "~/staff/retention/pages.server";
import { RetentionPage } from "~/staff/ui/admin-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: RetentionPageData | undefined) =>
    data?.refused ? `${t("forms:errorPrefix")} ${t("staff:retention.title")}` : t("staff:retention.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => retentionLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => retentionAction(request, context);

export default function Retention() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as RetentionPageData | undefined;
  return <RetentionPage page={posted ?? loaded} />;
}
