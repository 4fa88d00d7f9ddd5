import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { unitListLoader } from "~/staff/unit-list/pages.server";
import { UnitListPage } from "~/staff/ui/unit-list-pages";

export const handle = { i18n: ["staff"], title: "staff:unitList.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => unitListLoader(request, context);

export default function UnitList() {
  return <UnitListPage page={useLoaderData<typeof loader>()} />;
}
