import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AccountActions } from "./auth/ui/account-actions";
import { SessionTimeout } from "./auth/ui/session-timeout";
import { languageOfRequest } from "./i18n/i18next.server";
import { languageOf } from "./i18n/languages";
import { describeOfficeHours } from "./municipality/office-hours";
import { AcuteDanger } from "./ui/acute-danger";
import { LanguageSwitch } from "./ui/language-switch";
import { useNonce } from "./ui/nonce";
import { PageTitle } from "./ui/page-title";
import stylesheet from "./ui/portal.css?url";
import { SiteFooter } from "./ui/site-footer";
import { SiteHeader } from "./ui/site-header";

export const handle = { i18n: ["common", "auth"] };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const language = await languageOfRequest(request);
  const m = context.services.config.municipality;
  const { session } = context;
  return {
    language,
    csrfToken: context.csrfToken,
    session: session
      ? {
          kind: session.kind,
          name: session.kind === "resident" ? session.person.name : session.staff.name,
          idleRemainingMs: session.idleExpiresAt.getTime() - Date.now(),
        }
      : null,
    municipality: {
      name: m.name,
      logo: m.logo.src,
      contact: {
        phone: m.contact.phone,
        email: m.contact.email,
        postalAddress: m.contact.postalAddress,
        visitingAddress: m.contact.visitingAddress,
        officeHours: describeOfficeHours(m.officeHours, language),
        socialjourPhone: m.socialjour.phone,
      },
    },
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const language = languageOf(data?.language ?? "sv");
  const nonce = useNonce();
  const error = useRouteError();
  const { t } = useTranslation();
  return (
    <html lang={language.htmlLang} dir={language.dir} data-language={language.code}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t("metaDescription")} />
        <PageTitle
          municipality={data?.municipality.name ?? ""}
          fallbackKey={error ? errorTitleKey(error) : undefined}
        />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("skipLink")}
        </a>
        <LanguageSwitch current={language.code} />
        {data ? (
          <SiteHeader
            municipality={data.municipality.name}
            logo={data.municipality.logo}
            actions={<AccountActions session={data.session} />}
          />
        ) : null}
        <main id="main" tabIndex={-1}>
          <div className="container">{children}</div>
        </main>
        {data ? <SiteFooter contact={data.municipality.contact} /> : null}
        {data?.session ? <SessionTimeout session={data.session} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/**
 * Which text an error gets: a draft that expired or was already sent, not found, forbidden, a bad
 * request (other 4xx), the database out of reach for now (503: try again), or our own failure.
 */
function errorKind(
  error: unknown,
): "draftGone" | "notFound" | "forbidden" | "badRequest" | "tooLarge" | "unavailable" | "server" {
  if (!isRouteErrorResponse(error)) return "server";
  if (error.status === 404 && (error.data as { draftGone?: boolean } | null)?.draftGone) return "draftGone";
  if (error.status === 404) return "notFound";
  if (error.status === 403) return "forbidden";
  if (error.status === 503) return "unavailable";
  if (error.status === 413) return "tooLarge";
  return error.status < 500 ? "badRequest" : "server";
}

function errorTitleKey(error: unknown) {
  return `errors.${errorKind(error)}.title`;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const kind = errorKind(error);
  const location = useLocation();
  return (
    <>
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      {kind === "server" || kind === "unavailable" ? <AcuteDanger /> : null}
      <p>
        {/* "Try again" is a plain link back to the page: a GET, never a resent form. */}
        <a href={kind === "unavailable" || kind === "tooLarge" ? location.pathname + location.search : "/"}>
          {t(`errors.${kind}.back`)}
        </a>
      </p>
      {import.meta.env.DEV && error instanceof Error ? <pre>{error.stack}</pre> : null}
    </>
  );
}
