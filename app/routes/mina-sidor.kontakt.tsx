import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { contactAction, contactLoader, type ContactPageData } from "~/my-pages/contact.server";
import { ContactPage } from "~/my-pages/ui/contact-page";

export const handle = {
  i18n: ["mypages", "forms"],
  title: (t: TFunction, data: ContactPageData | undefined) =>
    data?.fields.some((f) => f.error)
      ? `${t("forms:errorPrefix")} ${t("mypages:contact.title")}`
      : t("mypages:contact.title"),
};

export const loader = ({ request, context }: LoaderFunctionArgs) => contactLoader(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => contactAction(request, context);

export default function Contact() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as ContactPageData | undefined;
  return <ContactPage page={posted ?? loaded} />;
}
