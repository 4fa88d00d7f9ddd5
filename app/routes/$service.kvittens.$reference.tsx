import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces } from "~/e-services/namespaces";
import { receiptLoader, type ReceiptPageData } from "~/intake/receipt.server";
import { ReceiptPage } from "~/intake/ui/receipt-page";

export const handle = {
  i18n: intakeNamespaces,
  title: (t: TFunction, data: ReceiptPageData | undefined) => (data ? t(`${data.serviceId}:receipt.title`) : ""),
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) => receiptLoader(request, context, params);

export default function Receipt() {
  return <ReceiptPage page={useLoaderData<typeof loader>()} />;
}
