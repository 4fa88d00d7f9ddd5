import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import Backend from "i18next-http-backend";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { getInitialNamespaces } from "remix-i18next/client";
import { serviceNamespaces } from "./e-services/namespaces";
import { i18nOptions } from "./i18n/i18n";

/**
 * The namespaces this page's routes name, fetched before hydration. An intake route names every
 * e-service's namespace; a page under one service's address needs only that one. A namespace a
 * page turns out to need later is fetched when it is first used.
 */
function namespacesOfPage(): string[] {
  const service = serviceNamespaces.find((id) => location.pathname.split("/")[1] === id);
  const named = getInitialNamespaces();
  return service
    ? named.filter((ns) => ns === service || !(serviceNamespaces as readonly string[]).includes(ns))
    : named;
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
