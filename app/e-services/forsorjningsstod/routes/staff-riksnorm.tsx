import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { riksnormIndexLoader, type RiksnormIndexData } from "../staff/riksnorm-pages.server";
import { RiksnormIndexPage } from "../staff/riksnorm-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: RiksnormIndexData | undefined) =>
    data?.badYear != null ? `${t("forms:errorPrefix")} ${t("staff:riksnorm.title")}` : t("staff:riksnorm.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => riksnormIndexLoader(request, context);

export default function Riksnorm() {
  return <RiksnormIndexPage page={useLoaderData<typeof loader>() as RiksnormIndexData} />;
}
