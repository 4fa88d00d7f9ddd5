import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { intakeNamespaces } from "~/e-services/registry";
import { assistedReceiptLoader } from "~/staff/assisted/pages.server";
import { AssistedReceiptPage } from "~/staff/ui/assisted-pages";

export const handle = { i18n: ["staff", ...intakeNamespaces], title: "staff:assisted.receipt.title" };

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  assistedReceiptLoader(request, context, params.reference);

export default function AssistedReceipt() {
  return <AssistedReceiptPage page={useLoaderData<typeof loader>()} />;
}
