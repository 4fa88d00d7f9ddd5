import type { LoaderFunctionArgs } from "@remix-run/node";
import { invitationLinkLoader } from "../pages.server";

/** The link in an invitation notice: neutral, so the notice names no service. */
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  invitationLinkLoader(request, context, params.token);
