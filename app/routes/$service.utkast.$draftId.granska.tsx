import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces } from "~/e-services/registry";
import { reviewAction, reviewLoader, type ReviewPageData } from "~/intake/review.server";
import { ReviewPage } from "~/intake/ui/review-page";

export const handle = {
  i18n: intakeNamespaces,
  title: (t: TFunction, data: ReviewPageData | undefined) =>
    data?.declarationMissing ? `${t("forms:errorPrefix")} ${t("intake:review.title")}` : t("intake:review.title"),
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) => reviewLoader(request, context, params);
export const action = ({ request, context, params }: ActionFunctionArgs) => reviewAction(request, context, params);

export default function Review() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as ReviewPageData | undefined;
  return <ReviewPage page={posted ?? loaded} />;
}
