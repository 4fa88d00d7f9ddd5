import type { LoaderFunctionArgs } from "@remix-run/node";
import { threadFileLoader } from "~/staff/messages/pages.server";

/** A file a resident sent with a message: streamed decrypted, the read audited. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  threadFileLoader(request, context, params.reference, params.fileId);
