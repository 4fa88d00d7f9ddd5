import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseTarget } from "#db/connect";
import { freePort, startPortal, type PortalProcess } from "../support/portal-process";
import {
  documentsForm,
  fillService,
  forsorjningsstodAnswers,
  loginResident,
  orosanmalanAnswers,
  send,
  twoSmallFiles,
  WebClient,
} from "../support/web-client";
import { pdf } from "../support/sample-files";
import {
  privatePostgresUnavailable,
  scratchDatabase,
  startRestartablePostgres,
  type RestartablePostgres,
} from "../support/restartable-postgres";

/**
 * What a person notices when a service the portal leans on is down: clamd (virus scanning), the
 * mail server (notices) and the object store (files). Uploads are refused with a message that
 * says what happened and to try again, nothing is stored half-way or unscanned, and the
 * application or report itself can still be sent; notices wait and are retried.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on: connections are refused at once. */
const deadPort = freePort;

async function readRows<T>(target: DatabaseTarget, query: ReturnType<typeof sql>): Promise<T[]> {
  const database = await openDatabase(target);
  try {
    return await rowsOf<T>(database.db, query);
  } finally {
    await database.close();
  }
}

/** Every file in the local store, temporary ones (".…part") included. */
const storedFiles = (dataDir: string) =>
  existsSync(path.join(dataDir, "files")) ? readdirSync(path.join(dataDir, "files")) : [];

const noPostgres = process.env.TEST_DATABASE_URL ? null : privatePostgresUnavailable();

// Production runs on PostgreSQL only (the embedded PGlite is refused there).
describe.skipIf(noPostgres !== null && !process.env.CI)("clamd down, in production mode", () => {
  it("refuses uploads with a clear message, stores nothing unscanned, and still takes the report", async () => {
    if (noPostgres) throw new Error(`CI must run the production fault test, but ${noPostgres}`);
    // Production mode as a municipality runs it, except that clamd and the mail server are down.
    const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-fault-clamd-"));
    let server: RestartablePostgres | undefined;
    let serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) {
      server = await startRestartablePostgres();
      serverUrl = server.url;
    }
    const database = await scratchDatabase(serverUrl, `ingang_clamd_${process.pid}`);
    const target: DatabaseTarget = { kind: "postgres", url: database.url };
    const municipality = path.join(dataDir, "kommun.json");
    writeFileSync(
      municipality,
      JSON.stringify({
        name: "Felkommunen",
        committee: "Socialnämnden i Felkommunen",
        logo: { src: "/logo.svg" },
        timeZone: "Europe/Stockholm",
        contact: {
          phone: "08-000 00 00",
          email: "socialtjansten@felkommunen.example",
          postalAddress: "Felkommunen, Box 1, 111 11 Felstad",
          visitingAddress: "Storgatan 1, Felstad",
        },
        officeHours: [{ days: [1, 2, 3, 4, 5], opens: "08:00", closes: "16:30" }],
        socialjour: { phone: "08-000 00 01" },
        dataProtectionOfficer: { email: "dso@felkommunen.example" },
        accessibility: { reviewed: "2026-11-27", feedbackEmail: "a11y@felkommunen.example" },
      }),
    );
    let portal: PortalProcess | undefined;
    try {
      const env = {
        APP_ENV: "production",
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        PUBLIC_URL: "https://e-tjanster.felkommunen.example",
        MUNICIPALITY_FILE: municipality,
        SESSION_SECRET: randomBytes(32).toString("base64url"),
        PERSON_LOOKUP_KEY: randomBytes(32).toString("base64url"),
        ENCRYPTION_KEYS: `p1:${randomBytes(32).toString("base64")}`,
        // Never contacted: this test logs nobody in.
        OIDC_ISSUER: "https://idp.felkommunen.example",
        OIDC_CLIENT_ID: "ingang",
        OIDC_CLIENT_SECRET: "not-used-in-this-test",
        STAFF_OIDC_ISSUER: "https://idp.felkommunen.example",
        STAFF_OIDC_CLIENT_ID: "ingang-staff",
        STAFF_OIDC_CLIENT_SECRET: "not-used-in-this-test",
        CLAMD_ADDRESS: `tcp://127.0.0.1:${await deadPort()}`,
        ACUTE_ALERT_EMAIL: "mottagningen@felkommunen.example",
        SMTP_URL: `smtp://127.0.0.1:${await deadPort()}`,
      };
      // Production never migrates at start: `npm run migrate` comes first, as the tables' owner.
      const migrated = spawnSync(process.execPath, ["build/cli/migrate.js"], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env, DATABASE_MIGRATION_URL: database.url },
        encoding: "utf8",
      });
      expect(migrated.stderr).toBe("");
      expect(migrated.status).toBe(0);
      portal = await startPortal(env);
      const person = new WebClient(portal.url);
      const documents = await fillService(person, "orosanmalan", orosanmalanAnswers({ acute: true }), [], {
        stopAt: "bilagor",
      });
      const page = await person.page(documents);
      const upload = await person.postMultipart(
        documents,
        documentsForm(page.csrf!, page.html, [
          { rule: "bilaga", name: "intyg.pdf", bytes: pdf(), type: "application/pdf" },
        ]),
      );
      const refused = await upload.text();
      expect(upload.status).toBe(400);
      expect(refused).toContain("intyg.pdf kunde inte kontrolleras för virus just nu. Försök igen om en stund.");
      // Nothing reached the store: no object, no half-written temporary file.
      expect(storedFiles(dataDir)).toEqual([]);

      // The report goes without the file.
      const again = await person.page(documents);
      expect(again.html).not.toContain("intyg.pdf");
      const onward = await person.postMultipart(documents, documentsForm(again.csrf!, again.html, []));
      expect(onward.status).toBe(303);
      const reference = await send(person, new URL(onward.headers.get("location")!, portal.url).pathname);
      expect(reference).toMatch(/^OA-/);
      // Time for the acute alert's first attempt against the dead mail server.
      await sleep(4_000);
      await portal.stop();
      portal = undefined;

      const [counts] = await readRows<{ attachments: number; submissions: number; items: number }>(
        target,
        sql`select (select count(*)::int from attachment) as attachments,
                   (select count(*)::int from submission where reference = ${reference}) as submissions,
                   (select count(*)::int from robot_item where reference = ${reference}) as items`,
      );
      expect(counts).toEqual({ attachments: 0, submissions: 1, items: 1 });
      const alerts = await readRows<{ state: string; output: string }>(
        target,
        sql`select state::text as state, output::text as output from pgboss.job where name = 'acute-alert'`,
      );
      // The alert did not get through, and waits for its next try rather than being lost.
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.state).toBe("retry");
      expect(alerts[0]!.output).toContain("ECONNREFUSED");
    } finally {
      await portal?.stop();
      await database.drop();
      await server?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the mail server and the object store down", () => {
  it("refuses files with a clear message, keeps nothing half-stored, sends the application, and retries the notice", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ingang-fault-s3-"));
    const pglite: DatabaseTarget = { kind: "pglite", dir: path.join(dataDir, "pglite") };
    let portal: PortalProcess | undefined;
    try {
      portal = await startPortal({
        DATA_DIR: dataDir,
        SMTP_URL: `smtp://127.0.0.1:${await deadPort()}`,
        STORAGE: "s3",
        S3_BUCKET: "ingang",
        S3_ENDPOINT: `http://127.0.0.1:${await deadPort()}`,
        S3_ACCESS_KEY_ID: "test",
        S3_SECRET_ACCESS_KEY: "test-secret",
        S3_FORCE_PATH_STYLE: "true",
      });
      const anna = new WebClient(portal.url);
      await loginResident(anna, "anna");
      // Anna wants her notices by e-mail.
      const contact = await anna.page("/mina-sidor/kontakt");
      const saved = await anna.postForm("/mina-sidor/kontakt", {
        csrf: contact.csrf!,
        notifyBy: "email",
        email: "anna@example.test",
        intent: "continue",
      });
      expect([200, 303]).toContain(saved.status);

      const documents = await fillService(anna, "forsorjningsstod", forsorjningsstodAnswers(), [], {
        stopAt: "dokument",
      });
      const page = await anna.page(documents);
      const upload = await anna.postMultipart(documents, documentsForm(page.csrf!, page.html, twoSmallFiles()));
      const refused = await upload.text();
      expect(upload.status).toBe(400);
      expect(refused).toContain("hyreskontrakt.pdf kunde inte sparas just nu. Försök igen om en stund.");
      expect(refused).toContain("kontoutdrag.png kunde inte sparas just nu. Försök igen om en stund.");

      const again = await anna.page(documents);
      const onward = await anna.postMultipart(documents, documentsForm(again.csrf!, again.html, []));
      expect(onward.status).toBe(303);
      const reference = await send(anna, new URL(onward.headers.get("location")!, portal.url).pathname);
      expect(reference).toMatch(/^EB-/);
      // The notice's first attempt meets the dead mail server.
      await sleep(5_000);
      await portal.stop();
      portal = undefined;

      const [counts] = await readRows<{ attachments: number; items: number; outbox: number }>(
        pglite,
        sql`select (select count(*)::int from attachment) as attachments,
                   (select count(*)::int from robot_item where reference = ${reference}) as items,
                   (select count(*)::int from dev_outbox) as outbox`,
      );
      expect(counts).toEqual({ attachments: 0, items: 1, outbox: 0 });
      const notices = await readRows<{ state: string; output: string }>(
        pglite,
        sql`select state::text as state, output::text as output from pgboss.job where name = 'notice'`,
      );
      // The receipt notice met the dead mail server and waits for its next try (30 s, doubling).
      expect(notices).toHaveLength(1);
      expect(notices[0]!.state).toBe("retry");
      expect(notices[0]!.output).toContain("ECONNREFUSED");
    } finally {
      await portal?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
