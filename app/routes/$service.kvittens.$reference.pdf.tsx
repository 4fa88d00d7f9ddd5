import type { LoaderFunctionArgs } from "@remix-run/node";
import { receiptPdfResponse } from "~/intake/receipt-pdf.server";

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  receiptPdfResponse(request, context, params);
