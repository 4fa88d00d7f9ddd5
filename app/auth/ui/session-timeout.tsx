import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SessionSummary } from "./account-actions";
import { CsrfField } from "~/ui/csrf-field";

const WARN_BEFORE_MS = 2 * 60_000;

type Signal = { deadline: number } | { ended: "expired" | "logout" };

/**
 * Warns before an idle session ends and offers to extend it (WCAG 2.2.1). Needs JavaScript;
 * without it the session simply ends, and drafts saved at every step keep the work.
 *
 * The server says how long is left rather than when, so a browser whose clock is wrong still
 * counts right. Tabs tell each other of activity: a tab left open must not end the session
 * while the person works in another, and when the session ends every tab leaves the page.
 */
export function SessionTimeout({ session }: { session: NonNullable<SessionSummary> }) {
  const { t } = useTranslation("auth");
  const fetcher = useFetcher<{ idleRemainingMs: number }>();
  const dialog = useRef<HTMLDialogElement>(null);
  const expiredForm = useRef<HTMLFormElement>(null);
  const returnTo = useRef<HTMLInputElement>(null);
  const ended = useRef(false);
  const channel = useRef<BroadcastChannel | null>(null);
  const [expiresAt, setExpiresAt] = useState(() => Date.now() + session.idleRemainingMs);

  const activity = (remainingMs: number) => {
    const deadline = Date.now() + remainingMs;
    setExpiresAt(deadline);
    channel.current?.postMessage({ deadline } satisfies Signal);
  };

  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const tabs = new BroadcastChannel("ingang-session");
    channel.current = tabs;
    tabs.onmessage = ({ data }: MessageEvent<Signal>) => {
      if (!("ended" in data)) setExpiresAt((current) => Math.max(current, data.deadline));
      else if (data.ended === "expired") endHere();
      // Logged out in another tab: leave this page too, without a request in the session's name.
      else if (!ended.current) {
        ended.current = true;
        window.location.replace("/utloggad");
      }
    };
    // A logout from any form on this page (the header's, the dialog's) is every tab's.
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target as HTMLFormElement;
      if (form !== expiredForm.current && new URL(form.action).pathname === "/logga-ut")
        tabs.postMessage({ ended: "logout" } satisfies Signal);
    };
    document.addEventListener("submit", onSubmit);
    return () => {
      document.removeEventListener("submit", onSubmit);
      tabs.close();
    };
  }, []);

  // A new object after every page load or revalidation: each is activity on the server, whose
  // deadline is kept and told to the other tabs (an outside system the effect keeps in step).
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => activity(session.idleRemainingMs), [session]);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the same: a server answer is outside news
    if (fetcher.data) activity(fetcher.data.idleRemainingMs);
  }, [fetcher.data]);

  function endHere() {
    // Once only: an extension answered late must not start a second logout over the first.
    if (ended.current) return;
    ended.current = true;
    if (returnTo.current) returnTo.current.value = window.location.pathname + window.location.search;
    expiredForm.current?.submit();
  }

  useEffect(() => {
    const now = Date.now();
    // Another tab's activity may have moved the end beyond the warning.
    if (dialog.current?.open && expiresAt - now > WARN_BEFORE_MS) dialog.current.close();
    // When this tab will end the session, readable in the page (tests wait on it).
    if (dialog.current) dialog.current.dataset.endsAt = String(expiresAt);
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
        channel.current?.postMessage({ ended: "expired" } satisfies Signal);
        endHere();
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
