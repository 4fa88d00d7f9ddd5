import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireService, startDraft } from "~/intake/step-route.server";

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  startDraft(request, context, requireService(params));
export const loader = ({ params }: ActionFunctionArgs) => redirect(`/${params.service}`);
