import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { beginLogin } from "~/auth/login-flow.server";
import { LoginFailure } from "~/auth/ui/login-failure";

export const handle = { i18n: ["auth"], title: "auth:failure.provider_unavailable.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => beginLogin(request, context, "staff");

export default function StartStaffLogin() {
  return <LoginFailure failure={useLoaderData<typeof loader>()} />;
}
