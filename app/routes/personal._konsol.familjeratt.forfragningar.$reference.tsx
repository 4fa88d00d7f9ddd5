import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces } from "~/e-services/registry";
import { unitItemAction, unitItemLoader, type UnitItemPageData } from "~/staff/unit-list/pages.server";
import { UnitItemPage } from "~/staff/ui/unit-list-pages";

export const handle = {
  i18n: ["staff", ...intakeNamespaces],
  title: (t: TFunction, data: UnitItemPageData | undefined) =>
    data ? `${data.reference} – ${t("staff:unitList.itemTitle")}` : t("staff:unitList.itemTitle"),
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  unitItemLoader(request, context, params.reference);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  unitItemAction(request, context, params.reference);

export default function UnitItem() {
  return <UnitItemPage page={useLoaderData<typeof loader>()} />;
}
