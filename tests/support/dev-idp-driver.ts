/**
 * Drives the embedded test identity provider over plain HTTP, the way a browser would:
 * follows redirects, keeps cookies, and answers the person picker. Returns the callback URL
 * the provider sends the browser back to.
 */
export async function loginAtDevIdp(
  authorizationUrl: URL,
  choice: { person: string } | { typed: string } | { cancel: true },
  callbackPrefix: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  };

  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    if (url.href.startsWith(callbackPrefix)) return url;
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers ?? {}), cookie: cookieHeader() },
    });
    remember(response);
    init = {};
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action)
      throw new Error(`unexpected page from the identity provider (${response.status}): ${html.slice(0, 300)}`);
    const body =
      "cancel" in choice
        ? new URLSearchParams({ action: "cancel" })
        : "person" in choice
          ? new URLSearchParams({ action: "login", person: choice.person })
          : new URLSearchParams({ action: "login", person: "typed", pnr: choice.typed });
    url = new URL(action, url);
    init = { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("too many redirects at the identity provider");
}
