import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { intakeNamespaces } from "~/e-services/namespaces";
import { bookingReceiptLoader } from "~/e-services/samarbetssamtal/pages.server";
import { BookingReceiptPage } from "~/e-services/samarbetssamtal/pages";

/** This service's receipt: the engine's, with the booked time and its calendar file. */
export const handle = { i18n: intakeNamespaces, title: "samarbetssamtal:receipt.title" };

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  bookingReceiptLoader(request, context, params);

export default function BookingReceipt() {
  return <BookingReceiptPage page={useLoaderData<typeof loader>()} />;
}
