import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces } from "~/e-services/registry";
import { assistedReviewAction, assistedReviewLoader, type AssistedReviewData } from "~/staff/assisted/pages.server";
import { AssistedReviewPage } from "~/staff/ui/assisted-pages";

export const handle = {
  i18n: ["staff", ...intakeNamespaces],
  title: (t: TFunction, data: AssistedReviewData | undefined) =>
    data?.review.declarationMissing || data?.coPartiesMissing
      ? `${t("forms:errorPrefix")} ${t("staff:assisted.review.title")}`
      : t("staff:assisted.review.title"),
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  assistedReviewLoader(request, context, params.draftId);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  assistedReviewAction(request, context, params.draftId);

export default function AssistedReview() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as AssistedReviewData | undefined;
  return <AssistedReviewPage page={posted ?? loaded} />;
}
