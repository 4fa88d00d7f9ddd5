import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces } from "~/e-services/registry";
import { itemAction, itemLoader, type ItemPageData } from "~/staff/queues/pages.server";
import { ItemPage } from "~/staff/ui/queue-pages";

export const handle = {
  i18n: ["staff", ...intakeNamespaces],
  title: (t: TFunction, data: ItemPageData | undefined) => {
    const title = data ? `${data.detail.item.reference} – ${t("staff:handling.title")}` : t("staff:handling.title");
    return data?.refusal ? `${t("forms:errorPrefix")} ${title}` : title;
  },
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  itemLoader(request, context, params.queue, params.itemId);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  itemAction(request, context, params.queue, params.itemId);

export default function Item() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as ItemPageData | undefined;
  return <ItemPage page={posted ?? loaded} />;
}
