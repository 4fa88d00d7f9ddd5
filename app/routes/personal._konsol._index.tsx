import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { startLoader } from "~/staff/start.server";
import { StartPage } from "~/staff/ui/start-page";

export const handle = { i18n: ["staff", "auth"], title: "staff:start.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => startLoader(request, context);

export default function StaffStart() {
  return <StartPage page={useLoaderData<typeof loader>()} />;
}
