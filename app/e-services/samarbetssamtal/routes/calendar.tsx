import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarLoader } from "../pages.server";

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  calendarLoader(request, context, params.reference);
