import { parseArgs } from "node:util";
import { migrate, openDatabase } from "#db/connect";
import { ConfigError, loadConfig } from "../config.server";
import { queueNames, type QueueName } from "../intake/definition";
import { createRobotToken, isQueueName, listRobotTokens, revokeRobotToken } from "../queue/robot-tokens.server";

/**
 * Robot credentials from the command line, against the portal's own database and configuration:
 *
 *   robot-token create --name "UiPath prod" --queue ekonomiskt-bistand [--queue skyddad …]
 *   robot-token list [--json]
 *   robot-token revoke <token-id>
 *
 * Run it as `npx tsx app/cli/robot-token.ts …` in a checkout, or `node build/cli/robot-token.js …`
 * in a built portal, with the same environment the portal runs with.
 */

const usage = `Usage:
  robot-token create --name <name> --queue <queue> [--queue <queue> …]
  robot-token list [--json]
  robot-token revoke <token-id>

Queues: ${queueNames.join(", ")}
With the embedded database (no DATABASE_URL), stop the portal first: PGlite has one user at a time.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      queue: { type: "string", multiple: true },
      json: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (!["create", "list", "revoke"].includes(command)) throw new UsageError(`unknown command: ${command}`);

  const config = loadConfig();
  if (config.database.kind === "pglite" && !values.force && (await portalIsRunning(config.host, config.port))) {
    throw new UsageError(
      `the portal is running on ${config.host}:${config.port} with the embedded database, which only one process ` +
        "may open at a time: stop it first (or use PostgreSQL). --force skips this check.",
    );
  }
  const database = await openDatabase(config.database);
  try {
    // In production the tables' owner migrates (npm run migrate); the portal's own role may not.
    if (!config.production)
      await migrate(database, config.database.kind === "postgres" ? config.database.url : undefined);
    const { db } = database;
    if (command === "create") {
      const queues = values.queue ?? [];
      if (!values.name) throw new UsageError("create needs --name");
      if (queues.length === 0) throw new UsageError("create needs at least one --queue");
      const unknown = queues.filter((q) => !isQueueName(q));
      if (unknown.length) throw new UsageError(`unknown queue: ${unknown.join(", ")}`);
      const { id, token } = await createRobotToken(db, { name: values.name, queues: queues as QueueName[] });
      if (values.json) console.log(JSON.stringify({ id, token, name: values.name, queues }));
      else {
        console.log(`Created robot token ${id} for "${values.name}" (${queues.join(", ")}).`);
        console.log("The token is shown this once; only its hash is kept. Give it to the robot as its bearer token:");
        console.log(token);
      }
      return 0;
    }
    if (command === "list") {
      const tokens = await listRobotTokens(db);
      if (values.json) console.log(JSON.stringify(tokens));
      else if (tokens.length === 0) console.log("No robot tokens.");
      else
        for (const t of tokens) {
          const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
          const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used";
          console.log(`${t.id}  ${t.name}  [${t.queues.join(", ")}]  ${state}, ${used}`);
        }
      return 0;
    }
    const [id] = rest;
    if (!id) throw new UsageError("revoke needs a token id (see robot-token list)");
    if (await revokeRobotToken(db, id)) {
      console.log(`Revoked robot token ${id}. Calls with it are refused from now on.`);
      return 0;
    }
    console.error(`No active robot token with id ${id}.`);
    return 1;
  } finally {
    await database.close();
  }
}

async function portalIsRunning(host: string, port: number): Promise<boolean> {
  const address = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  try {
    const response = await fetch(`http://${address.includes(":") ? `[${address}]` : address}:${port}/healthz`, {
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      console.error(`robot-token: ${error.message}\n\n${usage}`);
      process.exit(2);
    }
    console.error(`robot-token failed: ${error.message}`);
    process.exit(1);
  },
);
