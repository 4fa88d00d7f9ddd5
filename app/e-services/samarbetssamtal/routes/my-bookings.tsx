import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { myBookingsLoader } from "../pages.server";
import { MyBookingsPage } from "../pages";

export const handle = { i18n: ["samarbetssamtal", "forms"], title: "samarbetssamtal:myBookings.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => myBookingsLoader(request, context);

export default function MyBookings() {
  return <MyBookingsPage page={useLoaderData<typeof loader>()} />;
}
