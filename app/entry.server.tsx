import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// Not renderToPipeableStream: React 18.3's Node renderer writes its whole 2 KiB buffer when a
// character does not fit at the end, so a multibyte character at a boundary left NUL bytes in
// the page (facebook/react#27554, #31134). This renderer encodes each piece of text whole and cuts only
// bytes, so the bytes it sends, put together, are always the page's text.
import { renderToReadableStream } from "react-dom/server.browser";
import { I18nextProvider } from "react-i18next";
import { languageOfRequest } from "./i18n/i18next.server";
import { i18nFor } from "./i18n/request-i18n.server";
import { NonceProvider } from "./ui/nonce";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const i18n = await i18nFor(await languageOfRequest(request));
  const nonce = loadContext.cspNonce;

  let failed = false;
  // A render still waiting after this long is cut short; one that finished must not be aborted
  // (the stream is closed by then) nor kept in memory by a pending timer.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), ABORT_DELAY + 1_000);
  let body: Awaited<ReturnType<typeof renderToReadableStream>>;
  try {
    body = await renderToReadableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        signal: deadline.signal,
        onError(error) {
          failed = true;
          loadContext.services.logger.error({ requestId: loadContext.requestId, err: error }, "render failed");
        },
      },
    );
    // Pages are rendered whole before they are sent: they are small, and a person without
    // JavaScript must get the complete page.
    await body.allReady;
  } finally {
    clearTimeout(timer);
  }
  headers.set("Content-Type", "text/html; charset=utf-8");
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
  // The database was out of reach (app/server/database-unavailable.ts): come back soon.
  if (status === 503 && !headers.has("Retry-After")) headers.set("Retry-After", "5");
  return new Response(body, { headers, status: failed ? 500 : status });
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  context.services.logger.error({ requestId: context.requestId, err: error }, "request failed");
};
