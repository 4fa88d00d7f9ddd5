import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { threadAction, threadLoader, type ThreadData } from "~/staff/messages/pages.server";
import { ThreadPage } from "~/staff/ui/message-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: ThreadData | undefined) => {
    const title = data ? `${t("staff:messages.threadTitle")} ${data.reference}` : t("staff:messages.title");
    return data?.error ? `${t("forms:errorPrefix")} ${title}` : title;
  },
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  threadLoader(request, context, params.reference);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  threadAction(request, context, params.reference);

export default function Thread() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as ThreadData | undefined;
  return <ThreadPage page={posted ?? loaded} />;
}
