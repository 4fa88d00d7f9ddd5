import type { LoaderFunctionArgs } from "@remix-run/node";
import { figuresCsvLoader } from "~/staff/figures/pages.server";

/** The follow-up figures as CSV, for the same months and e-services as the page. */
export const loader = ({ request, context }: LoaderFunctionArgs) => figuresCsvLoader(request, context);
