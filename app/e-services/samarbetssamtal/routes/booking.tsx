import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { bookingAction, bookingLoader, type BookingPageData } from "../pages.server";
import { BookingPage } from "../pages";

export const handle = {
  i18n: ["samarbetssamtal", "forms"],
  title: (t: TFunction, data: BookingPageData | undefined) =>
    data?.error
      ? `${t("forms:errorPrefix")} ${t("samarbetssamtal:booking.title")}`
      : t("samarbetssamtal:booking.title"),
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  bookingLoader(request, context, params.reference);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  bookingAction(request, context, params.reference);

export default function Booking() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as BookingPageData | undefined;
  return <BookingPage page={posted ?? loaded} />;
}
