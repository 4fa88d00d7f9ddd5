import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { deleteDraftAction } from "~/my-pages/overview.server";

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  deleteDraftAction(request, context, params.draftId);
export const loader = () => redirect("/mina-sidor");
