import { useMatches } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

/** A route's page title: a translation key, or a function of its loader data. */
export type TitleHandle = { title?: string | ((t: TFunction, data: unknown) => string) };

/** "<page> – <portal> – <municipality>", from the deepest route that names a title. */
export function PageTitle({ municipality, fallbackKey }: { municipality: string; fallbackKey?: string }) {
  const { t } = useTranslation();
  const matches = useMatches();
  let page: string | undefined = fallbackKey ? t(fallbackKey) : undefined;
  if (!fallbackKey) {
    for (const match of [...matches].reverse()) {
      const title = (match.handle as TitleHandle | undefined)?.title;
      if (title) {
        page = typeof title === "function" ? title(t, match.data) : t(title);
        break;
      }
    }
  }
  return <title>{[page, t("portalName"), municipality].filter(Boolean).join(" – ")}</title>;
}
