import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { overviewLoader } from "~/staff/queues/pages.server";
import { OverviewPage } from "~/staff/ui/queue-pages";

export const handle = { i18n: ["staff"], title: "staff:queues.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => overviewLoader(request, context);

export default function Queues() {
  return <OverviewPage page={useLoaderData<typeof loader>()} />;
}
