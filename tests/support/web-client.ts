import { loginAtDevIdp } from "./dev-idp-driver";
import { PNG, pdf } from "./sample-files";

/**
 * A person's browser without JavaScript, over plain HTTP: a cookie jar, the form token the portal
 * hands out, url-encoded and multipart posts, and redirects looked at rather than followed. Used
 * where a real Chromium would only add time (load, faults, hostile input).
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Another browser sharing this one's cookies (a session carried to another portal process). */
  withBase(base: string): WebClient {
    const other = new WebClient(base);
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    return other;
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    const response = await fetch(new URL(path, this.base), { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** A page and the form token on it (null when the page has no form). */
  async page(path: string): Promise<{ status: number; html: string; csrf: string | null; response: Response }> {
    const response = await this.request(path);
    const html = await response.text();
    return { status: response.status, html, csrf: csrfOf(html), response };
  }

  async postForm(path: string, fields: URLSearchParams | Record<string, string | string[]>, headers: HeadersInit = {}) {
    const body = fields instanceof URLSearchParams ? fields : toParams(fields);
    return this.request(path, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
  }

  async postMultipart(path: string, form: FormData) {
    return this.request(path, { method: "POST", body: form });
  }
}

export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

export function toParams(fields: Record<string, string | string[]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  return params;
}

export const locationOf = (response: Response, base: string) => {
  const location = response.headers.get("location");
  if (!location) return null;
  const url = new URL(location, base);
  return url.pathname + url.search;
};

/** Logs a resident in through the embedded test identity provider; the client then holds the session. */
export async function loginResident(client: WebClient, person = "anna", returnTo = "/mina-sidor"): Promise<void> {
  const start = await client.request(`/logga-in/e-legitimation?${new URLSearchParams({ returnTo })}`);
  await start.arrayBuffer();
  const authorization = start.headers.get("location");
  if (start.status !== 302 || !authorization) throw new Error(`login did not start (${start.status})`);
  const callback = await loginAtDevIdp(
    new URL(authorization, client.base),
    { person },
    `${client.base}/logga-in/callback`,
  );
  const done = await client.request(callback.pathname + callback.search);
  await done.arrayBuffer();
  if (done.status !== 302 && done.status !== 303) throw new Error(`login did not complete (${done.status})`);
}

/** Logs a staff member in to /personal through the embedded test identity provider. */
export async function loginStaff(client: WebClient, member: string, returnTo = "/personal"): Promise<void> {
  const start = await client.request(`/personal/logga-in/start?${new URLSearchParams({ returnTo })}`);
  await start.arrayBuffer();
  const authorization = start.headers.get("location");
  if (!authorization) throw new Error(`staff login did not start (${start.status})`);
  const callback = await loginAtDevIdp(
    new URL(authorization, client.base),
    { person: member },
    `${client.base}/personal/logga-in/callback`,
  );
  const done = await client.request(callback.pathname + callback.search);
  await done.arrayBuffer();
  if (done.status !== 302 && done.status !== 303) throw new Error(`staff login did not complete (${done.status})`);
}

type Posted = Record<string, string | string[]>;
/** What a person posts on each step; a list for an "add another" step (each item added, then continue). */
export type StepAnswers = Record<string, Posted | Posted[]>;

/**
 * Anna alone, a Swedish citizen applying again, renting, no income beyond what she applies for,
 * registered at Arbetsförmedlingen: the shortest complete application for försörjningsstöd. `free` goes into every free-text field
 * the path reaches (for hostile-input tests).
 */
export function forsorjningsstodAnswers(
  today = new Date(),
  free = "Inget mer att tillägga.",
  options: { coApplicant?: string } = {},
): StepAnswers {
  if (options.coApplicant)
    return {
      ...forsorjningsstodAnswers(today, free),
      hushall: { partner: "ja", children: "nej", otherAdults: "nej" },
      medsokande: { coApplicantPnr: options.coApplicant },
      medborgarskap: { applicant: "svensk", coApplicant: "svensk" },
      "boende-kostnad": { rent: "7200", contract: "bada" },
      inkomster: { applicant: ["other"], coApplicant: ["none"] },
      arbete: { applicantRegistered: "ja", coApplicantRegistered: "ja" },
    };
  return {
    manad: { month: today.toISOString().slice(0, 7) },
    "ny-ansokan": { first: "nej" },
    hushall: { partner: "nej", children: "nej", otherAdults: "nej" },
    medborgarskap: { applicant: "svensk" },
    "skyddade-uppgifter": { protectedData: "nej" },
    boende: { housing: "hyresratt" },
    "boende-kostnad": { rent: "7200", contractSingle: "jag" },
    inkomster: { applicant: ["other"] },
    "inkomster-sokande": { other: "500", otherWhat: free.slice(0, 200) },
    kostnader: { costs: ["none"] },
    tillgangar: { bankBalance: "0", assets: ["fordon"], assetsWhat: free.slice(0, 1000) },
    ansokningar: { claims: ["none"] },
    arbete: { applicantRegistered: "ja" },
    foretag: { business: "nej" },
    ovrigt: { other: free.slice(0, 3000) },
  };
}

export interface UploadFile {
  rule: string;
  name: string;
  bytes: Buffer;
  type: string;
}

/** Two small proofs, as a phone or a scanner would send them. */
export const twoSmallFiles = (): UploadFile[] => [
  { rule: "hyreskontrakt", name: "hyreskontrakt.pdf", bytes: pdf(), type: "application/pdf" },
  { rule: "kontoutdrag", name: "kontoutdrag.png", bytes: PNG, type: "image/png" },
];

export class UnexpectedAnswer extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: string,
  ) {
    super(`${path} answered ${status}`);
  }
}

/** The documents step as a multipart post: the token first, then files, then "later" for every other rule. */
export function documentsForm(csrf: string, html: string, files: UploadFile[], intent = "continue"): FormData {
  const form = new FormData();
  form.set("csrf", csrf);
  for (const file of files)
    form.append(`file-${file.rule}`, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const rules = [...new Set([...html.matchAll(/name="choice-([\w-]+)"/g)].map((m) => m[1]!))];
  for (const rule of rules) if (!files.some((f) => f.rule === rule)) form.append(`choice-${rule}`, "later");
  form.append("intent", intent);
  return form;
}

/**
 * Fills in an e-service step by step the way a browser without JavaScript does and stops on
 * the review page (or the step `stopAt`); returns its path. The documents step gets `files`.
 */
export async function fillService(
  client: WebClient,
  slug: string,
  answers: StepAnswers,
  files: UploadFile[] = [],
  options: { stopAt?: string } = {},
): Promise<string> {
  // Starting a service continues a logged-in person's unfinished draft of it; tests sharing a portal
  // want a fresh one, so any left by an earlier test is deleted first (from Mina sidor, as a person would).
  const mine = await client.page("/mina-sidor");
  if (mine.status === 200 && mine.csrf)
    for (const [, id] of mine.html.matchAll(new RegExp(`/${slug}/utkast/([0-9a-f-]{36})`, "g")))
      await client.postForm(`/mina-sidor/utkast/${id}/ta-bort`, { csrf: mine.csrf });
  const entry = await client.page(`/${slug}`);
  if (!entry.csrf) throw new UnexpectedAnswer(entry.status, `/${slug}`, entry.html);
  const started = await client.postForm(`/${slug}/starta`, { csrf: entry.csrf });
  const startBody = await started.text();
  if (started.status !== 303) throw new UnexpectedAnswer(started.status, `/${slug}/starta`, startBody);
  let next = locationOf(started, client.base);
  const trail: string[] = [];
  for (let steps = 0; steps < 40 && next; steps++) {
    trail.push(next);
    const step = new RegExp(`^/${slug}/utkast/[^/]+/([^/?]+)`).exec(next)?.[1];
    if (!step) throw new Error(`unexpected place: ${next}`);
    if (step === "granska" || step === options.stopAt) return next;
    const page = await client.page(next);
    if (page.status !== 200 || !page.csrf) throw new UnexpectedAnswer(page.status, next, page.html);
    let response: Response;
    if (step === "dokument" || step === "bilagor") {
      response = await client.postMultipart(next, documentsForm(page.csrf, page.html, files));
    } else {
      const values = answers[step];
      if (!values) throw new Error(`no answers for the step ${step}`);
      let csrf = page.csrf;
      for (const item of Array.isArray(values) ? values : []) {
        const added = await client.postForm(next, { ...item, csrf, intent: "add" });
        const addedBody = await added.text();
        if (added.status !== 303) throw new UnexpectedAnswer(added.status, next, addedBody);
        csrf = (await client.page(next)).csrf ?? csrf;
      }
      response = await client.postForm(next, { ...(Array.isArray(values) ? {} : values), csrf, intent: "continue" });
    }
    const body = await response.text();
    if (response.status !== 303) throw new UnexpectedAnswer(response.status, next, body);
    next = locationOf(response, client.base);
  }
  throw new Error(`the form never reached its review page: ${trail.slice(-4).join(" → ")} → ${next}`);
}

/** Sends from the review page; returns the receipt number. */
export async function send(client: WebClient, reviewPath: string): Promise<string> {
  const review = await client.page(reviewPath);
  if (review.status !== 200 || !review.csrf) throw new UnexpectedAnswer(review.status, reviewPath, review.html);
  const response = await client.postForm(reviewPath, { csrf: review.csrf, declaration: "ja" });
  const body = await response.text();
  const receipt = /\/kvittens\/([^/?]+)/.exec(response.headers.get("location") ?? "")?.[1];
  if (response.status !== 303 || !receipt) throw new UnexpectedAnswer(response.status, reviewPath, body);
  return decodeURIComponent(receipt);
}

/** An anonymous orosanmälan about an adult: the shortest path through that service. */
export function orosanmalanAnswers(options: { acute?: boolean; free?: string } = {}): StepAnswers {
  const free = options.free ?? "Min granne verkar inte klara sig själv längre.";
  return {
    vem: { reporter: "privatperson" },
    anonym: { anonymous: "ja" },
    "om-vem": { about: "vuxen" },
    vuxen: { name: free.slice(0, 100) },
    omrade: { areas: "missbruk" },
    "vuxen-kannedom": { knows: "nej", consent: "nej", childrenAtHome: "nej" },
    oro: { what: free, when: "Den senaste veckan", source: "sett" },
    fara: { danger: options.acute ? "ja" : "nej" },
    akut: {},
    heder: { honour: "nej" },
    kommunen: { ownStaff: "nej" },
  };
}

/** A parent asking for samarbetssamtal, with no time chosen yet (the unit offers one). */
export function samarbetssamtalAnswers(free = "Ella"): StepAnswers {
  return {
    samtal: { kind: "samarbetssamtal" },
    barn: [{ name: free.slice(0, 100), age: "5" }],
    familj: { court: "nej", custody: "gemensam", questions: "umgange", childrenKnow: "ja" },
    "annan-foralder": { name: free.slice(0, 100), email: "david@example.test" },
    trygghet: { safe: "ja" },
    skydd: { protected: "nej" },
    tolk: { interpreter: "ja", language: free.slice(0, 60) },
    motesform: { mode: "digitalt" },
    kontakt: { phone: "070-123 45 67" },
    tid: { slot: "ingen" },
  };
}
