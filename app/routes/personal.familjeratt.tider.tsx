import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { staffSlotsAction, staffSlotsLoader, type StaffSlotsData } from "~/e-services/samarbetssamtal/pages.server";
import { StaffSlotsPage } from "~/e-services/samarbetssamtal/pages";

export const handle = {
  i18n: ["samarbetssamtal", "forms"],
  title: (t: TFunction, data: StaffSlotsData | undefined) =>
    data?.errors ? `${t("forms:errorPrefix")} ${t("samarbetssamtal:staff.title")}` : t("samarbetssamtal:staff.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => staffSlotsLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => staffSlotsAction(request, context);

export default function StaffSlots() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as StaffSlotsData | undefined;
  return <StaffSlotsPage page={posted ?? loaded} />;
}
