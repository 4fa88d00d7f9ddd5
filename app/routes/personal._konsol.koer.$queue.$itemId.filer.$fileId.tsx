import type { LoaderFunctionArgs } from "@remix-run/node";
import { itemFileLoader } from "~/staff/queues/pages.server";

/** A file of an item in manual handling: streamed decrypted, the read audited. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  itemFileLoader(request, context, params.queue, params.itemId, params.fileId);
