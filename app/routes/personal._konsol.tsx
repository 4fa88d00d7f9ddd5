import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/guards.server";
import { areaLinks, mayUse } from "~/staff/access";
import { StaffLayout } from "~/staff/ui/layout";
import stylesheet from "~/staff/ui/staff.css?url";

/** The staff console's frame (a pathless layout): its stylesheet and the sections this member may use. */
export const handle = { i18n: ["staff", "auth"] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { staff } = await requireStaff(request, context);
  return { name: staff.name, links: areaLinks.filter((l) => mayUse(staff.roles, l.area)) };
}

export default function StaffConsole() {
  return <StaffLayout data={useLoaderData<typeof loader>()} />;
}
