import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { rowsOf } from "#db/connect";
import { submission } from "#db/schema";
import { LocalFileStore } from "~/attachments/file-store.server";
import { testStaff } from "~/auth/dev-idp/test-persons";
import { upsertPerson } from "~/auth/people.server";
import { loadConfig, type Config } from "~/config.server";
import { orosanmalan } from "~/e-services/orosanmalan/definition.server";
import type { EServiceDefinition, QueueName } from "~/intake/definition";
import { createDraft, loadDraft, type DraftOwner } from "~/intake/drafts.server";
import type { AnswersSoFar } from "~/intake/fields";
import { submitDraft } from "~/intake/submissions.server";
import type { RequestContext } from "~/load-context";
import { createLogger } from "~/logger.server";
import { ensureNoticeQueue } from "~/notify/notices.server";
import { startBoss } from "~/queue/boss.server";
import { ensureIntakeQueues, type QueuePolicy } from "~/queue/intake-queue.server";
import { claimItems, failItem, silentObserver, type RobotQueueDependencies } from "~/queue/robot-items.server";
import { createRobotToken } from "~/queue/robot-tokens.server";
import { freshDatabase, type DatabaseKind, type TestDatabase } from "./databases";

/**
 * The staff console over a real database and pg-boss: services as the portal builds them, a
 * request context for any test staff member (or resident), submissions made the way the intake
 * engine makes them, and a robot that claims and fails items through the queue's own functions.
 */

export const ANNA = "198503129820";

export interface StaffHarness {
  database: TestDatabase;
  boss: PgBoss;
  config: Config;
  files: LocalFileStore;
  queue: RobotQueueDependencies;
  annaId: string;
  /** A request context for a test staff member ("sara", "alva", …). */
  staff(id: string): RequestContext;
  resident(personId: string, pnr?: string): RequestContext;
  anonymous(): RequestContext;
  get(url: string): Request;
  post(url: string, form: Record<string, string | string[]>): Request;
  /** An orosanmälan through the e-service (anonymous unless identified as Anna). */
  report(options?: { identified?: boolean; acute?: boolean; child?: boolean }): Promise<Submitted>;
  /** Any service's answers sent through submitDraft. */
  send(definition: EServiceDefinition, answers: AnswersSoFar, options?: SendOptions): Promise<Submitted>;
  /** A robot for the queues, and its claim/fail as the API does them. */
  robot(queues: QueueName[]): Promise<{
    tokenId: string;
    claim(queue: QueueName): Promise<string[]>;
    fail(itemId: string, kind: "business" | "application", reason: string): Promise<void>;
  }>;
  close(): Promise<void>;
}

export interface SendOptions {
  personId?: string | null;
  pnr?: string;
  channel?: "e-service" | "assisted" | "paper";
  /** The municipality keeps this service on the unit's own list (SAMARBETSSAMTAL_REGISTRATION=unit). */
  unitList?: boolean;
}

export interface Submitted {
  submissionId: string;
  reference: string;
  queue: QueueName;
  itemId: string | null;
}

export const thrown = async (promise: Promise<unknown> | unknown): Promise<Response> => {
  try {
    await promise;
  } catch (response) {
    if (response instanceof Response) return response;
    if (response && typeof response === "object" && "init" in response) {
      // Remix's data() throws a DataWithResponseInit.
      const init = (response as { init?: ResponseInit | null }).init;
      return new Response(null, { status: init?.status ?? 200 });
    }
    throw response;
  }
  throw new Error("expected a thrown response");
};

/** The HTTP status a loader or action ends with: 200 when it returns, else what it throws. */
export async function statusOf(run: () => Promise<unknown> | unknown): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    if (result && typeof result === "object" && "init" in result)
      return (result as { init?: ResponseInit | null }).init?.status ?? 200;
    return 200;
  } catch (error) {
    return (await thrown(Promise.reject(error))).status;
  }
}

export async function startStaffHarness(
  kind: DatabaseKind,
  options: { policy?: Partial<QueuePolicy> } = {},
): Promise<StaffHarness> {
  const database = await freshDatabase(kind);
  const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-staff-"));
  const config = loadConfig({ DATA_DIR: dataDir, APP_ENV: "test" });
  const logger = createLogger("silent");
  const boss = await startBoss(database, database.url, logger);
  const policy: QueuePolicy = { retryLimit: 1, retryDelaySeconds: 1, leaseSeconds: 60, ...options.policy };
  await ensureIntakeQueues(boss, policy);
  await ensureNoticeQueue(boss);
  const files = new LocalFileStore(path.join(dataDir, "files"));
  const { keyring, personLookup } = config.secrets;
  const queue: RobotQueueDependencies = {
    db: database.db,
    boss,
    keyring,
    files,
    policy,
    observer: silentObserver,
    apiBase: "http://localhost/api/robot/v1",
  };
  const annaId = await upsertPerson(database.db, config.secrets, {
    pnr: ANNA,
    name: "Anna Andersson",
    protectedIdentity: false,
  });
  const services = { config, database, boss, files, logger, scanner: null };
  const base = { services, csrfToken: "token", cspNonce: "n", requestId: "r", client: { ip: null, userAgent: null } };
  const times = () => ({ idleExpiresAt: new Date(Date.now() + 600_000), expiresAt: new Date(Date.now() + 3_600_000) });

  const send: StaffHarness["send"] = async (definition, answers, o = {}) => {
    const personId = o.personId ?? null;
    const owner: DraftOwner = personId ? { personId } : { anonymousTokenHash: `t${crypto.randomUUID()}` };
    const draftId = await createDraft(database.db, keyring, definition, owner, answers, 30);
    const draft = (await loadDraft(database.db, keyring, draftId, owner))!;
    const result = await submitDraft(
      { db: database.db, keyring, personLookup, boss, unitListServices: o.unitList ? [definition.id] : [] },
      {
        draft,
        definition,
        journey: { loggedIn: !!personId, pnr: o.pnr, today: new Date() },
        personId,
        protectedIdentity: false,
        language: "sv",
        channel: o.channel ?? "e-service",
        actor: personId ? { kind: "person", id: personId } : { kind: "anonymous" },
      },
    );
    const [row] = await database.db.select().from(submission).where(eq(submission.id, result.submissionId));
    const [item] = await rowsOf<{ id: string }>(
      database.db,
      sql`select id from robot_item where submission_id = ${result.submissionId} order by created_at limit 1`,
    );
    return {
      submissionId: result.submissionId,
      reference: result.reference,
      queue: row!.queue as QueueName,
      itemId: item?.id ?? null,
    };
  };

  return {
    database,
    boss,
    config,
    files,
    queue,
    annaId,
    staff(id) {
      const member = testStaff.find((s) => s.id === id);
      if (!member) throw new Error(`no test staff member ${id}`);
      return {
        ...base,
        session: {
          kind: "staff",
          idHash: `h-${id}`,
          staff: { subject: `staff:${id}`, name: `${member.givenName} ${member.familyName}`, roles: member.roles },
          ...times(),
        },
      } as unknown as RequestContext;
    },
    resident(personId, pnr = ANNA) {
      return {
        ...base,
        session: {
          kind: "resident",
          idHash: `h-${personId}`,
          person: { id: personId, pnr, name: "Anna Andersson", protectedIdentity: false },
          ...times(),
        },
      } as unknown as RequestContext;
    },
    anonymous() {
      return { ...base, session: null } as unknown as RequestContext;
    },
    get: (url) => new Request(`http://localhost${url}`),
    post(url, form) {
      const body = new URLSearchParams({ csrf: "token" });
      for (const [k, v] of Object.entries(form)) for (const value of [v].flat()) body.append(k, value);
      return new Request(`http://localhost${url}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: body.toString(),
      });
    },
    report(o = {}) {
      const identified = o.identified ?? false;
      const answers: AnswersSoFar = {
        vem: { reporter: "privatperson" },
        anonym: { anonymous: identified ? "nej" : "ja" },
        ...(identified ? { kontakt: { phone: "070-123 45 67" } } : {}),
        "om-vem": { about: o.child ? "barn" : "vuxen" },
        ...(o.child
          ? {
              barn: { items: [{ name: "Barn Barnsson", age: 8 }] },
              vardnadshavare: { items: [] },
              syskon: {},
              "barnet-nu": { childKnows: "nej", policeReport: "nej" },
              "vardnadshavare-vet": { guardiansKnow: "vet-inte" },
            }
          : {
              vuxen: { name: "Test Testsson" },
              omrade: { areas: ["missbruk"] },
              "vuxen-kannedom": { knows: "nej", consent: "nej", childrenAtHome: "nej" },
            }),
        oro: { what: "Jag är orolig.", when: "I går", source: "sett" },
        fara: { danger: o.acute ? "ja" : "nej" },
        akut: {},
        heder: { honour: "nej" },
        kommunen: { ownStaff: "nej" },
        bilagor: {},
      };
      return send(orosanmalan, answers, identified ? { personId: annaId, pnr: ANNA } : {});
    },
    send,
    async robot(queues) {
      const created = await createRobotToken(database.db, { name: "Testrobot", queues });
      const principal = { tokenId: created.id, name: "Testrobot", queues };
      return {
        tokenId: created.id,
        async claim(q) {
          return (await claimItems(queue, principal, q, 10)).map((i) => i.id);
        },
        async fail(itemId, kind, reason) {
          const [row] = await rowsOf<{ lease_id: string }>(
            database.db,
            sql`select lease_id from robot_item where id = ${itemId}`,
          );
          await failItem(queue, principal, itemId, { leaseId: row!.lease_id, kind, reason });
        },
      };
    },
    async close() {
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
