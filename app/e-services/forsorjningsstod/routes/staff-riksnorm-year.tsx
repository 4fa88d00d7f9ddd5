import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { riksnormYearAction, riksnormYearLoader, type RiksnormYearData } from "../staff/riksnorm-pages.server";
import { RiksnormYearPage } from "../staff/riksnorm-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: RiksnormYearData | undefined) => {
    const title = t("staff:riksnorm.yearTitle", { year: data?.year ?? "" });
    return data && (Object.keys(data.problems).length || data.alreadyPublished)
      ? `${t("forms:errorPrefix")} ${title}`
      : title;
  },
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  riksnormYearLoader(request, context, params.year);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  riksnormYearAction(request, context, params.year);

export default function RiksnormYear() {
  const loaded = useLoaderData<typeof loader>() as RiksnormYearData;
  const posted = useActionData<typeof action>() as RiksnormYearData | undefined;
  return <RiksnormYearPage key={posted ? "posted" : "loaded"} page={posted ?? loaded} />;
}
