import { beforeAll, describe, expect, inject, it } from "vitest";
import { RobotClient } from "~/cli/lib/robot-client";
import {
  fillService,
  forsorjningsstodAnswers,
  loginResident,
  loginStaff,
  orosanmalanAnswers,
  samarbetssamtalAnswers,
  send,
  twoSmallFiles,
  WebClient,
} from "../support/web-client";

/**
 * Every URL that carries an id (a receipt number, a draft, a file, an invitation, a queue
 * item) tried by someone it does not belong to: another logged-in person, a visitor with no
 * session, a robot token for another queue. The answer is 404, the same as for an id that does
 * not exist, so an attacker cannot even learn that it does (403 for a robot outside its scope,
 * whose queues are no secret). Nothing of the owner's data is in any answer.
 */

const base = inject("portalUrl");
const tokens = inject("robotTokens");

interface Owned {
  /** Anna's sent application, its files, and a draft she has not sent. */
  application: string;
  files: string[];
  draft: string;
  /** David's application naming Bengt as co-applicant, waiting for his confirmation. */
  awaiting: string;
  /** Cecilia's request for samarbetssamtal. */
  talk: string;
  /** An anonymous report and the receipt link its sender got. */
  report: string;
  reportReceipt: string;
}

let owned: Owned;
let anna: WebClient;

beforeAll(async () => {
  anna = new WebClient(base);
  await loginResident(anna, "anna");
  const application = await send(
    anna,
    await fillService(anna, "forsorjningsstod", forsorjningsstodAnswers(), twoSmallFiles()),
  );
  const page = await anna.page(`/mina-sidor/arenden/${application}`);
  const files = [...page.html.matchAll(/href="(\/mina-sidor\/arenden\/[^/"]+\/filer\/[^"]+)"/g)].map((m) => m[1]!);
  expect(files).toHaveLength(2);
  // David applies with Bengt as his co-applicant (Anna's own next draft would start from her last
  // application's answers, "apply again", which this walk does not follow).
  const david = new WebClient(base);
  await loginResident(david, "david");
  const awaiting = await send(
    david,
    await fillService(
      david,
      "forsorjningsstod",
      forsorjningsstodAnswers(new Date(), "x", { coApplicant: "19870704-9832" }),
    ),
  );
  const entry = await anna.page("/forsorjningsstod");
  const started = await anna.postForm("/forsorjningsstod/starta", { csrf: entry.csrf! });
  const draft = started.headers.get("location")!.split("/")[3]!;

  const cecilia = new WebClient(base);
  await loginResident(cecilia, "cecilia");
  const talk = await send(cecilia, await fillService(cecilia, "samarbetssamtal", samarbetssamtalAnswers()));

  const reporter = new WebClient(base);
  const review = await fillService(reporter, "orosanmalan", orosanmalanAnswers());
  const sent = await reporter.page(review);
  const response = await reporter.postForm(review, { csrf: sent.csrf!, declaration: "ja" });
  const reportReceipt = response.headers.get("location")!;
  const report = /kvittens\/([^?]+)/.exec(reportReceipt)![1]!;

  owned = { application, files, draft, awaiting, talk, report, reportReceipt };
});

/** The URLs, and what of the owner's must never appear in the answer. */
const readable = () => [
  `/mina-sidor/arenden/${owned.application}`,
  ...owned.files,
  `/forsorjningsstod/kvittens/${owned.application}`,
  `/forsorjningsstod/kvittens/${owned.application}/pdf`,
  `/forsorjningsstod/utkast/${owned.draft}`,
  `/forsorjningsstod/utkast/${owned.draft}/manad`,
  `/forsorjningsstod/utkast/${owned.draft}/dokument`,
  `/forsorjningsstod/utkast/${owned.draft}/granska`,
  `/bekrafta/${owned.awaiting}`,
  `/mina-sidor/arenden/${owned.awaiting}`,
  `/samarbetssamtal/kvittens/${owned.talk}`,
  `/samarbetssamtal/bokning/${owned.talk}`,
  `/samarbetssamtal/bokning/${owned.talk}/kalender`,
  `/mina-sidor/arenden/${owned.talk}`,
  `/orosanmalan/kvittens/${owned.report}`,
  owned.reportReceipt,
];

async function expectNothingFor(client: WebClient, who: string) {
  const answers: string[] = [];
  for (const url of readable()) {
    const response = await client.request(url);
    const body = await response.text();
    const location = response.headers.get("location") ?? "";
    // A visitor without a session is sent to log in first; anyone else gets the 404.
    const fine =
      response.status === 404 || (who === "visitor" && response.status === 302 && location.startsWith("/logga-in"));
    if (!fine) answers.push(`${response.status} ${url} ${location}`);
    for (const secret of [owned.application, owned.awaiting, owned.talk, owned.report])
      if (response.status === 404 && body.includes(secret) && !url.includes(secret))
        answers.push(`${url} leaks ${secret}`);
    expect(body).not.toContain("Anna Andersson");
    expect(body).not.toContain("hyreskontrakt.pdf");
  }
  expect(answers).toEqual([]);
}

describe("ids that belong to someone else", () => {
  it("are a 404 for another logged-in person (Hanna)", async () => {
    const hanna = new WebClient(base);
    await loginResident(hanna, "hanna");
    await expectNothingFor(hanna, "person");
  });

  it("are a 404, or the login page, for a visitor with no session", async () => {
    await expectNothingFor(new WebClient(base), "visitor");
  });

  it("are a 404 for Bengt too, except the confirmation that is his to answer", async () => {
    const bengt = new WebClient(base);
    await loginResident(bengt, "bengt");
    expect((await bengt.request(`/bekrafta/${owned.awaiting}`)).status).toBe(200);
    for (const url of [`/mina-sidor/arenden/${owned.application}`, ...owned.files, `/bekrafta/${owned.application}`]) {
      const response = await bengt.request(url);
      await response.arrayBuffer();
      expect(response.status, url).toBe(404);
    }
  });

  it("cannot be changed by another person: withdrawing, writing, deleting a draft, confirming", async () => {
    const hanna = new WebClient(base);
    await loginResident(hanna, "hanna");
    const { csrf } = await hanna.page("/mina-sidor");
    for (const [url, fields] of [
      [`/mina-sidor/arenden/${owned.application}`, { intent: "withdraw" }],
      [`/mina-sidor/utkast/${owned.draft}/ta-bort`, {}],
      [`/forsorjningsstod/utkast/${owned.draft}/manad`, { month: "2026-11", intent: "continue" }],
      [`/forsorjningsstod/utkast/${owned.draft}/granska`, { declaration: "ja" }],
      [`/bekrafta/${owned.awaiting}`, { answer: "confirm" }],
      [`/samarbetssamtal/bokning/${owned.talk}`, { intent: "cancel" }],
    ] as const) {
      const response = await hanna.postForm(url, { ...fields, csrf: csrf! });
      await response.arrayBuffer();
      expect(response.status, url).toBe(404);
    }
    // All still Anna's, as they were.
    expect((await anna.request(`/forsorjningsstod/utkast/${owned.draft}/manad`)).status).toBe(200);
    const mine = await anna.page(`/mina-sidor/arenden/${owned.application}`);
    expect(mine.status).toBe(200);
    const bengt = new WebClient(base);
    await loginResident(bengt, "bengt");
    expect((await bengt.page(`/bekrafta/${owned.awaiting}`)).status).toBe(200);
  });

  it("keeps a robot token to its own queues (403) and a resident out of the staff pages (403)", async () => {
    const ekonomi = new RobotClient({ url: base, token: tokens.ekonomi });
    const [item] = await ekonomi.claim("ekonomiskt-bistand", 1);
    expect(item).toBeDefined();
    for (const [method, path] of [
      ["GET", `/items/${item!.id}`],
      ["GET", `/items/${item!.id}/events`],
      ["GET", item!.attachments[0] ? new URL(item!.attachments[0].href).pathname.replace("/api/robot/v1", "") : ""],
      ["POST", "/queues/ekonomiskt-bistand/claims"],
      ["POST", "/queues/skyddad/claims"],
    ] as const) {
      if (!path) continue;
      const response = await fetch(`${base}/api/robot/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.vuxna}`, "content-type": "application/json" },
        body: method === "POST" ? "{}" : undefined,
      });
      const body = (await response.json()) as { error: { code: string } };
      expect(response.status, path).toBe(403);
      expect(body.error.code).toBe("queue_out_of_scope");
    }
    await ekonomi.fail(item!.id, { leaseId: item!.lease.id, kind: "application", reason: "test" });

    const hanna = new WebClient(base);
    await loginResident(hanna, "hanna");
    for (const url of ["/personal", "/personal/koer", "/personal/logg"]) {
      const response = await hanna.request(url);
      await response.arrayBuffer();
      expect([403, 404], url).toContain(response.status);
    }
  });

  it("keeps staff to their own queues in the staff console", async () => {
    // Frida works with family law: the economic-assistance queue is not hers.
    const frida = new WebClient(base);
    await loginStaff(frida, "frida");
    const queue = await frida.request("/personal/koer/ekonomiskt-bistand");
    await queue.arrayBuffer();
    expect([403, 404]).toContain(queue.status);
  });
});
