import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { assistedPersonAction, assistedPersonLoader, type AssistedPersonData } from "~/staff/assisted/pages.server";
import { AssistedPersonPage } from "~/staff/ui/assisted-pages";

export const handle = {
  i18n: ["staff", "forms"],
  title: (t: TFunction, data: AssistedPersonData | undefined) =>
    data && Object.keys(data.problems).length
      ? `${t("forms:errorPrefix")} ${t("staff:assisted.personTitle")}`
      : t("staff:assisted.personTitle"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => assistedPersonLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => assistedPersonAction(request, context);

export default function AssistedPerson() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as AssistedPersonData | undefined;
  return <AssistedPersonPage page={posted ?? loaded} />;
}
