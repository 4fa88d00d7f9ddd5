import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces } from "~/e-services/registry";
import type { DocumentsPageData } from "~/intake/documents-step.server";
import { stepAction, stepLoader, type StepPageData } from "~/intake/step-route.server";
import { DocumentsPage } from "~/intake/ui/documents-page";
import { StepPage } from "~/intake/ui/step-page";

type PageData = StepPageData | DocumentsPageData;

const failed = (data: PageData) =>
  data.kind === "fields"
    ? data.fields.some((f) => f.error) || !!data.repeat?.tooFew || data.problems.length > 0
    : data.rules.some((r) => r.missing) || data.refused.length > 0;

export const handle = {
  i18n: intakeNamespaces,
  title: (t: TFunction, data: PageData | undefined) => {
    if (!data) return "";
    const title = t(`${data.serviceId}:steps.${data.stepId}.title`);
    return failed(data) ? `${t("forms:errorPrefix")} ${title}` : title;
  },
};

export const loader = ({ request, context, params }: LoaderFunctionArgs) => stepLoader(request, context, params);
export const action = ({ request, context, params }: ActionFunctionArgs) => stepAction(request, context, params);

export default function Step() {
  const loaded = useLoaderData<typeof loader>() as PageData;
  const posted = useActionData<typeof action>() as PageData | undefined;
  const page = posted ?? loaded;
  return page.kind === "documents" ? <DocumentsPage page={page} /> : <StepPage page={page} />;
}
