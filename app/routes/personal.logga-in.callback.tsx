import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { completeLogin, type LoginFailureData } from "~/auth/login-flow.server";
import { LoginFailure } from "~/auth/ui/login-failure";

export const handle = {
  i18n: ["auth"],
  title: (t: TFunction, data: LoginFailureData) => t(`auth:failure.${data.reason}.title`),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => completeLogin(request, context, "staff");

export default function StaffLoginCallback() {
  return <LoginFailure failure={useLoaderData<typeof loader>()} />;
}
