import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { assistedStartAction, assistedStartLoader, type AssistedStartData } from "~/staff/assisted/pages.server";
import { AssistedStartPage } from "~/staff/ui/assisted-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: AssistedStartData | undefined) =>
    data?.errors.length ? `${t("forms:errorPrefix")} ${t("staff:assisted.title")}` : t("staff:assisted.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => assistedStartLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => assistedStartAction(request, context);

export default function AssistedStart() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as AssistedStartData | undefined;
  return <AssistedStartPage page={posted ?? loaded} />;
}
