import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrate, openDatabase } from "#db/connect";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PostgreSQL database that each test copies, when TEST_DATABASE_URL is set. */
    postgresTemplate: string | null;
  }
}

/** Databases made from a template are copies in milliseconds; migrating each would take seconds. */
export async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    project.provide("postgresTemplate", null);
    return;
  }
  const name = `ingang_tpl_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const templateUrl = withDatabase(url, name);
  const database = await openDatabase({ kind: "postgres", url: templateUrl });
  await migrate(database, templateUrl);
  await database.close();
  project.provide("postgresTemplate", name);

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`ingang_t_${process.pid}_%`} or datname = ${name}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
