import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces, pagesOf } from "~/e-services/registry";
import type { EntryPageData } from "~/intake/entry-page";
import { requireService } from "~/intake/step-route.server";
import { DraftRestarted } from "~/intake/ui/draft-restarted";
import { isOfficeOpen } from "~/municipality/office-hours";

export const handle = {
  i18n: intakeNamespaces,
  title: (t: TFunction, data: { serviceId: string } | undefined) => (data ? t(`${data.serviceId}:title`) : ""),
};

/** An e-service's first page: what it is for, what you need, and the button that starts it. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const definition = requireService(params);
  const { municipality } = context.services.config;
  return {
    serviceId: definition.id,
    slug: definition.slug,
    access: definition.access,
    loggedIn: context.session?.kind === "resident",
    officeOpen: isOfficeOpen(municipality.officeHours, new Date(), municipality.timeZone),
    socialjourPhone: municipality.socialjour.phone,
    phone: municipality.contact.phone,
    estimateOffered: definition.estimateOffered?.(new Date()) ?? false,
    // Sent here after a draft begun under earlier questions could not be kept (draft-version.server.ts).
    restarted: new URL(request.url).searchParams.get("omstart") === "1",
  } satisfies EntryPageData;
}

export default function EServiceEntry() {
  const data = useLoaderData<typeof loader>();
  const Entry = pagesOf(data.serviceId).entry;
  return (
    <>
      {data.restarted ? <DraftRestarted /> : null}
      <Entry page={data} />
    </>
  );
}
