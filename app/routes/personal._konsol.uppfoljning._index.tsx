import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { figuresLoader } from "~/staff/figures/pages.server";
import { FiguresPage } from "~/staff/ui/figures-page";

export const handle = { i18n: ["staff"], title: "staff:figures.title" };

export const loader = ({ request, context }: LoaderFunctionArgs) => figuresLoader(request, context);

export default function Figures() {
  return <FiguresPage page={useLoaderData<typeof loader>()} />;
}
