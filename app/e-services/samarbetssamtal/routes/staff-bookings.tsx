import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { bookingsAction, bookingsLoader, type BookingsPageData } from "../staff/pages.server";
import { BookingsPage } from "../staff/slot-pages";

export const handle = { i18n: ["staff", "samarbetssamtal"], title: "staff:bookings.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => bookingsLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => bookingsAction(request, context);

export default function Bookings() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as BookingsPageData | undefined;
  return <BookingsPage page={posted ?? loaded} />;
}
