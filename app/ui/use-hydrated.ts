import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False on the server and in the first render in the browser, true once the page's script has
 * taken over: what only works with JavaScript is drawn after hydration, so the server's page (and
 * a page without JavaScript) never shows a control that cannot work.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
