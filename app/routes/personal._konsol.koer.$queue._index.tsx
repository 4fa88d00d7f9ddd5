import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { queueLoader, type QueueData } from "~/staff/queues/pages.server";
import { QueuePage } from "~/staff/ui/queue-pages";

export const handle = {
  i18n: ["staff"],
  title: (t: TFunction, data: QueueData | undefined) =>
    data ? t(`staff:queueNames.${data.queue}`) : t("staff:queues.title"),
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) => queueLoader(request, context, params.queue);

export default function Queue() {
  return <QueuePage page={useLoaderData<typeof loader>()} />;
}
