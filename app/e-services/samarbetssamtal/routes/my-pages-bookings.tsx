import { redirect } from "@remix-run/node";

/** The link in a reminder notice: neutral, so the notice names no service. */
export const loader = () => redirect("/samarbetssamtal/bokningar");
