import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { intakeNamespaces } from "~/e-services/registry";
import { confirmationAction, confirmationLoader } from "~/my-pages/confirmation.server";
import { ConfirmationPage } from "~/my-pages/ui/confirmation-page";

export const handle = { i18n: [...intakeNamespaces, "mypages"], title: "mypages:confirm.title" };

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  confirmationLoader(request, context, params.reference);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  confirmationAction(request, context, params.reference);

export default function Confirm() {
  return <ConfirmationPage page={useLoaderData<typeof loader>()} />;
}
