import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditCsvLoader } from "~/staff/audit/pages.server";

/** The audit log search as CSV (audited). */
export const loader = ({ request, context }: LoaderFunctionArgs) => auditCsvLoader(request, context);
