import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadOwnFile } from "~/my-pages/submission.server";

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  downloadOwnFile(request, context, params.reference, params.fileId);
