import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces } from "~/e-services/registry";
import { submissionPageAction, submissionPageLoader, type SubmissionPageData } from "~/my-pages/submission.server";
import { SubmissionPage } from "~/my-pages/ui/submission-page";

export const handle = {
  i18n: [...intakeNamespaces, "mypages"],
  title: (t: TFunction, data: SubmissionPageData | undefined) =>
    data ? `${t(`${data.serviceId}:title`)} ${data.reference}` : "",
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  submissionPageLoader(request, context, params.reference);
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  submissionPageAction(request, context, params.reference);

export default function MySubmission() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as (SubmissionPageData & { draftMessage?: string }) | undefined;
  return <SubmissionPage page={posted ?? loaded} />;
}
