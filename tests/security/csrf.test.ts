import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  fillService,
  forsorjningsstodAnswers,
  loginResident,
  loginStaff,
  samarbetssamtalAnswers,
  send,
  WebClient,
} from "../support/web-client";

/**
 * Cross-site request forgery against every action the portal has (every route module that
 * exports one; a new action without a line here fails this test). Each is posted the way a
 * forged form would arrive: without the form token, with another browser's token, and with a
 * valid token but marked cross-site by the browser (Origin, Sec-Fetch-Site). Each is refused
 * with 403 before anything changes; where the id in the URL is not the visitor's, a 404 comes
 * first, which changes nothing either.
 */

const base = inject("portalUrl");
const routes = path.resolve(import.meta.dirname, "../../app/routes");

type Who = "visitor" | "anna" | "gustav" | "cecilia" | "bengt" | "frida" | "viktor" | "alva" | "elin";

interface Case {
  who: Who;
  url: () => string;
  fields: Record<string, string>;
  /** 404 (or 405) is acceptable: nothing to act on here for this visitor (nothing is read or changed). */
  mayBe404?: boolean;
}

let ids: { draft: string; review: string; application: string; talk: string; anonymousDraft: string };

const cases: Record<string, Case> = {
  "$.tsx": { who: "visitor", url: () => "/finns-inte", fields: {}, mayBe404: true },
  "$service.starta.tsx": { who: "visitor", url: () => "/orosanmalan/starta", fields: {} },
  "$service.utkast.$draftId.$step.tsx": {
    who: "anna",
    url: () => `/forsorjningsstod/utkast/${ids.draft}/manad`,
    fields: { month: new Date().toISOString().slice(0, 7), intent: "continue" },
  },
  "$service.utkast.$draftId.granska.tsx": {
    who: "anna",
    url: () => `/forsorjningsstod/utkast/${ids.review}/granska`,
    fields: { declaration: "ja" },
  },
  "bekrafta.$reference.tsx": { who: "bengt", url: () => `/bekrafta/${ids.application}`, fields: { answer: "confirm" } },
  "logga-ut.tsx": { who: "anna", url: () => "/logga-ut", fields: {} },
  "mina-sidor.arenden.$reference._index.tsx": {
    who: "gustav",
    url: () => `/mina-sidor/arenden/${ids.application}`,
    fields: { intent: "withdraw" },
  },
  "mina-sidor.kontakt.tsx": {
    who: "anna",
    url: () => "/mina-sidor/kontakt",
    fields: { notifyBy: "email", email: "angripare@example.test" },
  },
  "mina-sidor.utkast.$draftId.ta-bort.tsx": {
    who: "anna",
    url: () => `/mina-sidor/utkast/${ids.draft}/ta-bort`,
    fields: {},
  },
  "e-services/samarbetssamtal/routes/booking.tsx": {
    who: "cecilia",
    url: () => `/samarbetssamtal/bokning/${ids.talk}`,
    fields: { intent: "cancel" },
  },
  "e-services/samarbetssamtal/routes/invitation.tsx": {
    who: "cecilia",
    url: () => `/samarbetssamtal/inbjudan/${randomUUID()}`,
    fields: { intent: "accept" },
    mayBe404: true,
  },
  "session.forlang.tsx": { who: "anna", url: () => "/session/forlang", fields: {} },
  // The staff console (in progress): each action as the staff member whose work it is.
  "e-services/samarbetssamtal/routes/staff-bookings.tsx": {
    who: "frida",
    url: () => "/personal/familjeratt/bokningar",
    fields: { intent: "cancel" },
  },
  "e-services/samarbetssamtal/routes/staff-slots.tsx": {
    who: "frida",
    url: () => "/personal/familjeratt/tider",
    fields: { intent: "publish" },
  },
  "personal._konsol.familjeratt.forfragningar.$reference.tsx": {
    who: "frida",
    url: () => `/personal/familjeratt/forfragningar/${ids.talk}`,
    fields: { intent: "handled" },
    // A request the robot registers is not on the unit's own list.
    mayBe404: true,
  },
  "personal._konsol.gallring.tsx": { who: "alva", url: () => "/personal/gallring", fields: {} },
  "personal._konsol.koer.$queue.$itemId._index.tsx": {
    who: "viktor",
    url: () => `/personal/koer/mottagning-vuxna/${randomUUID()}`,
    fields: {},
    mayBe404: true,
  },
  "personal._konsol.meddelanden.$reference.tsx": {
    who: "elin",
    url: () => `/personal/meddelanden/${ids.application}`,
    fields: { message: "Hej" },
    mayBe404: true,
  },
  "personal._konsol.registrera.$draftId.tsx": {
    who: "elin",
    url: () => `/personal/registrera/${randomUUID()}`,
    fields: {},
    mayBe404: true,
  },
  "personal._konsol.registrera._index.tsx": { who: "elin", url: () => "/personal/registrera", fields: {} },
  "personal._konsol.registrera.person.tsx": {
    who: "elin",
    url: () => "/personal/registrera/person",
    fields: {},
    mayBe404: true,
  },
  "e-services/forsorjningsstod/routes/staff-riksnorm-year.tsx": {
    who: "alva",
    url: () => "/personal/riksnorm/2027",
    fields: { intent: "publish" },
  },
  "personal._konsol.robotar.tsx": { who: "alva", url: () => "/personal/robotar", fields: { intent: "create" } },
};

const clients = new Map<Who, WebClient>();
async function as(who: Who): Promise<WebClient> {
  let client = clients.get(who);
  if (client) return client;
  client = new WebClient(base);
  if (["frida", "viktor", "alva", "elin"].includes(who)) await loginStaff(client, who);
  else if (who !== "visitor") await loginResident(client, who);
  clients.set(who, client);
  return client;
}

beforeAll(async () => {
  const anna = await as("anna");
  // Gustav applies with Bengt as co-applicant: Bengt's confirmation is the one action Bengt has on it.
  const gustav = await as("gustav");
  const application = await send(
    gustav,
    await fillService(
      gustav,
      "forsorjningsstod",
      forsorjningsstodAnswers(new Date(), "x", { coApplicant: "19870704-9832" }),
    ),
  );
  const cecilia = await as("cecilia");
  const talk = await send(cecilia, await fillService(cecilia, "samarbetssamtal", samarbetssamtalAnswers()));
  // A complete draft, so its review page (and the send button) is there to forge. It is also the
  // draft whose steps and deletion are forged: starting the service again would continue it.
  const review = (await fillService(anna, "forsorjningsstod", forsorjningsstodAnswers())).split("/")[3]!;
  const draft = review;
  const visitor = await as("visitor");
  const orosanmalan = await visitor.page("/orosanmalan");
  const anonymous = await visitor.postForm("/orosanmalan/starta", { csrf: orosanmalan.csrf! });
  ids = { draft, review, application, talk, anonymousDraft: anonymous.headers.get("location")!.split("/")[3]! };
});

describe("cross-site request forgery", () => {
  it("has a case for every action in app/routes and in every e-service's own routes", () => {
    const app = path.resolve(routes, "..");
    const serviceRoutes = readdirSync(path.join(app, "e-services"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(app, "e-services", entry.name, "routes")))
      .flatMap((entry) =>
        readdirSync(path.join(app, "e-services", entry.name, "routes")).map(
          (file) => `e-services/${entry.name}/routes/${file}`,
        ),
      );
    const actions = [...readdirSync(routes), ...serviceRoutes].filter((file) =>
      /export (const|async function|function) action\b/.test(
        readFileSync(file.startsWith("e-services/") ? path.join(app, file) : path.join(routes, file), "utf8"),
      ),
    );
    expect(actions.filter((file) => !(file in cases))).toEqual([]);
  });

  it.each(Object.entries(cases))("refuses a forged post to %s", async (_file, c) => {
    const client = await as(c.who);
    const url = c.url();
    const own = await client.page("/");
    const other = await new WebClient(base).page("/");
    const expected = c.mayBe404 ? [403, 404, 405] : [403];
    for (const [how, csrf, headers] of [
      ["without the token", undefined, {}],
      ["with another browser's token", other.csrf!, {}],
      ["from another site (Origin)", own.csrf!, { origin: "https://evil.example" }],
      ["marked cross-site by the browser", own.csrf!, { "sec-fetch-site": "cross-site" }],
    ] as const) {
      const fields = csrf ? { ...c.fields, csrf } : c.fields;
      const response = await client.postForm(url, fields, headers);
      await response.arrayBuffer();
      const allowed: number[] = how.startsWith("from another site") || how.startsWith("marked") ? [403] : expected;
      expect(allowed, `${url} ${how}: ${response.status}`).toContain(response.status);
    }
  });

  it("changed nothing: the draft, the application, the booking and the session are as they were", async () => {
    const anna = await as("anna");
    const step = await anna.request(`/forsorjningsstod/utkast/${ids.draft}/manad`);
    await step.arrayBuffer();
    expect(step.status).toBe(200);
    // Not sent: the review page is still there to send from.
    expect((await anna.page(`/forsorjningsstod/utkast/${ids.review}/granska`)).status).toBe(200);
    const gustav = await as("gustav");
    const theirs = await gustav.page(`/mina-sidor/arenden/${ids.application}`);
    expect(theirs.status).toBe(200);
    expect(theirs.html).not.toMatch(/återkallad|withdrawn/i);
    const contact = await anna.page("/mina-sidor/kontakt");
    expect(contact.html).not.toContain("angripare@example.test");
    const bengt = await as("bengt");
    expect((await bengt.page(`/bekrafta/${ids.application}`)).status).toBe(200);
    const cecilia = await as("cecilia");
    expect((await cecilia.page(`/samarbetssamtal/bokning/${ids.talk}`)).status).toBe(200);
  });
});
