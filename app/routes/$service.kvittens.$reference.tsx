import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { intakeNamespaces, pagesOf } from "~/e-services/registry";
import { moduleOf, serviceBySlug } from "~/e-services/registry.server";
import { receiptLoader, type ReceiptPageData } from "~/intake/receipt.server";
import { ReceiptPage } from "~/intake/ui/receipt-page";

type Loaded = { serviceId: string } & ({ own: false; page: ReceiptPageData } | { own: true; page: unknown });

export const handle = {
  i18n: intakeNamespaces,
  title: (t: TFunction, data: Loaded | undefined) => (data ? t(`${data.serviceId}:receipt.title`) : ""),
};

/** The engine's receipt, or the one a service declares for itself (which decides access the same way). */
export async function loader({ request, context, params }: LoaderFunctionArgs): Promise<Loaded> {
  const service = serviceBySlug(params.service);
  const own = service ? moduleOf(service.id).receipt : null;
  if (service && own) return { serviceId: service.id, own: true, page: await own(request, context, params) };
  const page = await receiptLoader(request, context, params);
  return { serviceId: page.serviceId, own: false, page };
}

export default function Receipt() {
  const data = useLoaderData<typeof loader>() as Loaded;
  const Own = data.own ? pagesOf(data.serviceId).receiptPage : null;
  return Own ? <Own page={data.page} /> : <ReceiptPage page={data.page as ReceiptPageData} />;
}
