import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { languages, type LanguageCode } from "~/i18n/languages";

/**
 * Plain links, so the switch works without JavaScript. Each language is named in itself
 * and marked with its own lang, so a screen reader pronounces it right.
 */
export function LanguageSwitch({ current }: { current: LanguageCode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.delete("lng");
  const here = location.pathname + (params.size ? `?${params}` : "");

  return (
    <nav className="language-bar" aria-label={t("language.label")}>
      <div className="container">
        <ul>
          {languages.map((language) => (
            <li key={language.code}>
              <a
                href={`/sprak?${new URLSearchParams({ lng: language.code, returnTo: here })}`}
                lang={language.htmlLang}
                hrefLang={language.htmlLang}
                dir={language.dir}
                aria-current={language.code === current ? "true" : undefined}
              >
                {language.name}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
