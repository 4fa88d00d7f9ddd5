import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarLoader } from "~/e-services/samarbetssamtal/pages.server";

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  calendarLoader(request, context, params.reference);
