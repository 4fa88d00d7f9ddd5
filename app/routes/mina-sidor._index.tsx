import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { intakeNamespaces } from "~/e-services/registry";
import { overviewLoader } from "~/my-pages/overview.server";
import { OverviewPage } from "~/my-pages/ui/overview-page";

export const handle = { i18n: [...intakeNamespaces, "mypages", "auth"], title: "auth:myPages.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => overviewLoader(request, context);

export default function MyPages() {
  return <OverviewPage page={useLoaderData<typeof loader>()} />;
}
