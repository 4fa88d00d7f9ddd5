/** Pages a person should not come back to after logging in: the login and logout pages themselves. */
const NO_RETURN = /^\/(logga-in|logga-ut|utloggad|personal\/logga-in)(\/|$)/;

/**
 * The header's login address, bringing the person back to the page they were on. The login page
 * checks the path again (safeReturnPath), so this only decides which pages are worth returning to.
 */
export function loginHref(pathname: string, search: string): string {
  if (pathname === "/" || NO_RETURN.test(pathname)) return "/logga-in";
  return `/logga-in?${new URLSearchParams({ returnTo: pathname + search })}`;
}
