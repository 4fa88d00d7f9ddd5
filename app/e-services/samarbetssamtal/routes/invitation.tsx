import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { invitationAction, invitationLoader } from "../pages.server";
import { InvitationPage } from "../pages";

export const handle = { i18n: ["samarbetssamtal", "forms"], title: "samarbetssamtal:invitation.title" };

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  invitationLoader(request, context, params.id);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  invitationAction(request, context, params.id);

export default function Invitation() {
  return <InvitationPage page={useLoaderData<typeof loader>()} />;
}
