import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { safeReturnPath } from "~/http/safe-redirect";
import { languageCookie } from "~/i18n/language-cookie.server";
import { isLanguageCode } from "~/i18n/languages";

/** The language switch: remembers the choice and returns to the page the person was on. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lng = url.searchParams.get("lng");
  const returnTo = safeReturnPath(url.searchParams.get("returnTo"));
  if (!isLanguageCode(lng)) return redirect(returnTo, 303);
  return redirect(returnTo, {
    status: 303,
    headers: {
      "Set-Cookie": await languageCookie.serialize(lng, { secure: context.services.config.secure }),
    },
  });
}
