import { useMatches } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useContext } from "react";
import { useTranslation } from "react-i18next";
import { UNSAFE_DataRouterStateContext } from "react-router";

/**
 * A route's page title: a translation key, or a function of its data. Action data wins over
 * loader data, so a form returned with errors gets "Error:" in its title, as GOV.UK does.
 */
export type TitleHandle = { title?: string | ((t: TFunction, data: unknown) => string) };

/** "<page> – <portal> – <municipality>", from the deepest route that names a title. */
export function PageTitle({ municipality, fallbackKey }: { municipality: string; fallbackKey?: string }) {
  const { t } = useTranslation();
  const matches = useMatches();
  // Remix offers action data only to its own route; the root needs the leaf's to title the page.
  const actionData = useContext(UNSAFE_DataRouterStateContext)?.actionData;
  let page: string | undefined = fallbackKey ? t(fallbackKey) : undefined;
  if (!fallbackKey) {
    for (const match of [...matches].reverse()) {
      const title = (match.handle as TitleHandle | undefined)?.title;
      if (title) {
        page = typeof title === "function" ? title(t, actionData?.[match.id] ?? match.data) : t(title);
        break;
      }
    }
  }
  return <title>{[page, t("portalName"), municipality].filter(Boolean).join(" – ")}</title>;
}
