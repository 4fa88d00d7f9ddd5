import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { inboxLoader } from "~/staff/messages/pages.server";
import { InboxPage } from "~/staff/ui/message-pages";

export const handle = { i18n: ["staff"], title: "staff:messages.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => inboxLoader(request, context);

export default function Inbox() {
  return <InboxPage page={useLoaderData<typeof loader>()} />;
}
