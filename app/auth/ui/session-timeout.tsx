import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CsrfField } from "~/ui/csrf-field";

const WARN_BEFORE_MS = 2 * 60_000;

/**
 * Warns before an idle session ends and offers to extend it (WCAG 2.2.1). Needs JavaScript;
 * without it the session simply ends, and drafts saved at every step keep the work.
 */
export function SessionTimeout({ idleExpiresAt }: { idleExpiresAt: string }) {
  const { t } = useTranslation("auth");
  const fetcher = useFetcher<{ idleExpiresAt: string }>();
  const dialog = useRef<HTMLDialogElement>(null);
  const expiredForm = useRef<HTMLFormElement>(null);
  const returnTo = useRef<HTMLInputElement>(null);
  const ended = useRef(false);
  const [expiresAt, setExpiresAt] = useState(() => Date.parse(idleExpiresAt));

  useEffect(() => setExpiresAt(Date.parse(idleExpiresAt)), [idleExpiresAt]);
  useEffect(() => {
    if (fetcher.data) setExpiresAt(Date.parse(fetcher.data.idleExpiresAt));
  }, [fetcher.data]);

  useEffect(() => {
    const now = Date.now();
    const warn = setTimeout(
      () => {
        if (!dialog.current?.open) dialog.current?.showModal();
      },
      Math.max(0, expiresAt - WARN_BEFORE_MS - now),
    );
    // Ended through the server, so the session is over there too whatever the clocks say; as a
    // whole-page submission, so nothing of the person's answers stays in the page's memory.
    const end = setTimeout(
      () => {
        // Once only: an extension answered late must not start a second logout over the first.
        if (ended.current) return;
        ended.current = true;
        if (returnTo.current) returnTo.current.value = window.location.pathname + window.location.search;
        expiredForm.current?.submit();
      },
      Math.max(0, expiresAt - now),
    );
    return () => {
      clearTimeout(warn);
      clearTimeout(end);
    };
  }, [expiresAt]);

  return (
    <dialog
      ref={dialog}
      className="session-dialog"
      aria-labelledby="session-timeout-title"
      aria-describedby="session-timeout-body"
    >
      <h2 id="session-timeout-title">{t("timeout.title")}</h2>
      <p id="session-timeout-body">{t("timeout.body", { minutes: WARN_BEFORE_MS / 60_000 })}</p>
      <div className="button-group">
        <fetcher.Form method="post" action="/session/forlang" onSubmit={() => dialog.current?.close()}>
          <CsrfField />
          <button type="submit" className="button">
            {t("timeout.continue")}
          </button>
        </fetcher.Form>
        <form method="post" action="/logga-ut">
          <CsrfField />
          <button type="submit" className="button secondary-button">
            {t("logout")}
          </button>
        </form>
      </div>
      <form ref={expiredForm} method="post" action="/logga-ut" hidden>
        <CsrfField />
        <input type="hidden" name="reason" value="expired" />
        <input ref={returnTo} type="hidden" name="returnTo" />
      </form>
    </dialog>
  );
}
