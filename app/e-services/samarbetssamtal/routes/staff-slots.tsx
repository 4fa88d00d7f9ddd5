import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { slotsAction, slotsLoader, type SlotsPageData } from "../staff/pages.server";
import { SlotsPage } from "../staff/slot-pages";

export const handle = {
  i18n: ["staff", "samarbetssamtal", "forms"],
  title: (t: TFunction, data: SlotsPageData | undefined) =>
    data?.errors ? `${t("forms:errorPrefix")} ${t("staff:slots.title")}` : t("staff:slots.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => slotsLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => slotsAction(request, context);

export default function Slots() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as SlotsPageData | undefined;
  return <SlotsPage page={posted ?? loaded} />;
}
