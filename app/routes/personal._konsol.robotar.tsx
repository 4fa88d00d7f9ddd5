import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { tokensAction, tokensLoader, type TokensData } from "~/staff/tokens/pages.server";
import { TokensPage } from "~/staff/ui/admin-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: TokensData | undefined) =>
    data?.errors.length ? `${t("forms:errorPrefix")} ${t("staff:tokens.title")}` : t("staff:tokens.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => tokensLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => tokensAction(request, context);

export default function Tokens() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as TokensData | undefined;
  return <TokensPage page={posted ?? loaded} />;
}
