/**
 * A person reporting concern through the portal's HTTP forms, without a browser: what a browser
 * with JavaScript turned off sends (cookies, the CSRF field, url-encoded and multipart posts).
 * It files an anonymous orosanmälan about an adult, the shortest path through the service.
 */

export class PortalUnavailable extends Error {}

/** The answers the person gives, step by step; a step not listed here stops the person with an error. */
function answersFor(options: { acute: boolean }): Record<string, Record<string, string>> {
  return {
    vem: { reporter: "privatperson" },
    anonym: { anonymous: "ja" },
    "om-vem": { about: "vuxen" },
    vuxen: { name: "Test Testsson" },
    omrade: { areas: "missbruk" },
    "vuxen-kannedom": { knows: "nej", consent: "nej", childrenAtHome: "nej" },
    oro: { what: "Min granne verkar inte klara sig själv längre.", when: "Den senaste veckan", source: "sett" },
    fara: { danger: options.acute ? "ja" : "nej" },
    akut: {},
    heder: { honour: "nej" },
    kommunen: { ownStaff: "nej" },
  };
}

class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), { ...init, headers, redirect: "manual" });
    } catch (error) {
      throw new PortalUnavailable((error as Error).message);
    }
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return response;
  }

  async page(path: string): Promise<{ html: string; csrf: string }> {
    const response = await this.request(path);
    const html = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error(`GET ${path} has no CSRF field`);
    return { html, csrf };
  }

  /** Posts a form and returns where the portal sends the person next. */
  async post(path: string, body: URLSearchParams | FormData): Promise<string> {
    const response = await this.request(path, { method: "POST", body });
    await response.arrayBuffer();
    const location = response.headers.get("location");
    if (response.status !== 303 && response.status !== 302) throw new Error(`POST ${path} answered ${response.status}`);
    return new URL(location!, this.base).pathname + new URL(location!, this.base).search;
  }
}

/**
 * Files one report and returns its receipt number. `onSending` is called just before the final
 * post, so a test can tell which reports were being sent when the portal went down.
 */
export async function fileReport(
  portalUrl: string,
  options: { acute?: boolean; onSending?: () => void } = {},
): Promise<string> {
  const browser = new Browser(portalUrl);
  const answers = answersFor({ acute: options.acute ?? false });
  const start = await browser.page("/orosanmalan");
  let next = await browser.post("/orosanmalan/starta", new URLSearchParams({ csrf: start.csrf }));
  for (let steps = 0; steps < 30; steps++) {
    const receipt = /^\/orosanmalan\/kvittens\/([^/?]+)/.exec(next);
    if (receipt) return decodeURIComponent(receipt[1]!);
    const step = /^\/orosanmalan\/utkast\/[^/]+\/([^/?]+)/.exec(next)?.[1];
    if (!step) throw new Error(`the report went somewhere unexpected: ${next}`);
    const { csrf } = await browser.page(next);
    if (step === "granska") {
      options.onSending?.();
      next = await browser.post(next, new URLSearchParams({ csrf, declaration: "ja" }));
    } else if (step === "bilagor") {
      const form = new FormData();
      form.set("csrf", csrf);
      form.set("intent", "continue");
      next = await browser.post(next, form);
    } else {
      const values = answers[step];
      if (!values) throw new Error(`the report has a step this person does not know: ${step}`);
      next = await browser.post(next, new URLSearchParams({ csrf, intent: "continue", ...values }));
    }
  }
  throw new Error("the report never reached its receipt");
}
