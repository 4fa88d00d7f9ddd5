import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import Backend from "i18next-http-backend";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { getInitialNamespaces } from "remix-i18next/client";
import { i18nOptions } from "./i18n/i18n";
import { portalNamespaces } from "./i18n/namespaces";

/**
 * The namespaces this page's routes name, fetched before hydration. An intake route names every
 * e-service's namespace; a page under one service's address needs only that one. A namespace a
 * page turns out to need later is fetched when it is first used. (A service's namespace is any
 * the portal does not have itself: the registry stays out of this bundle.)
 */
function namespacesOfPage(): string[] {
  const named = getInitialNamespaces();
  const isService = (ns: string) => !(portalNamespaces as readonly string[]).includes(ns);
  const service = named.find((ns) => isService(ns) && location.pathname.split("/")[1] === ns);
  return service ? named.filter((ns) => ns === service || !isService(ns)) : named;
}

// The page is already readable without JavaScript; hydration waits for the translations.
i18next
  .use(initReactI18next)
  .use(Backend)
  .init({
    ...i18nOptions,
    lng: document.documentElement.dataset.language,
    // Only the page's language: tests/unit/locales.test.ts keeps every key in every language, so
    // the Swedish fallback the server has would never be read here, only downloaded.
    fallbackLng: false,
    ns: namespacesOfPage(),
    backend: { loadPath: "/locales/{{lng}}/{{ns}}.json" },
  })
  .then(() => {
    startTransition(() => {
      hydrateRoot(
        document,
        <I18nextProvider i18n={i18next}>
          <StrictMode>
            <RemixBrowser />
          </StrictMode>
        </I18nextProvider>,
      );
    });
  });
