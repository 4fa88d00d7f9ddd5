import { data } from "@remix-run/node";
import { readForm } from "~/http/form.server";
import { queueNames, type QueueName } from "~/intake/definition";
import type { RequestContext } from "~/load-context";
import { createRobotToken, isQueueName, listRobotTokens, revokeRobotToken } from "~/queue/robot-tokens.server";
import { requireArea, staffActor } from "../guard.server";

/**
 * Robot credentials, for the administrator: make one for a robot and its queues (the token is
 * shown once, in the answer to the form, and only its hash is kept), see when each was last
 * used, and revoke one at once. The command line (robot-token) does the same.
 */

export interface TokensData {
  tokens: {
    id: string;
    name: string;
    queues: string[];
    createdAt: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  }[];
  queues: readonly QueueName[];
  /** The token just made: shown in this one answer, never again. */
  created: { id: string; name: string; token: string } | null;
  revoked: string | null;
  errors: ("name" | "queues")[];
  values: { name: string; queues: string[] };
}

async function page(context: RequestContext, extra: Partial<TokensData> = {}): Promise<TokensData> {
  const tokens = await listRobotTokens(context.services.database.db);
  return {
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      queues: t.queues,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
    queues: queueNames,
    created: null,
    revoked: null,
    errors: [],
    values: { name: "", queues: [] },
    ...extra,
  };
}

export async function tokensLoader(request: Request, context: RequestContext) {
  await requireArea(request, context, "tokens");
  return page(context);
}

const noStore = { "Cache-Control": "no-store" };

export async function tokensAction(request: Request, context: RequestContext) {
  const session = await requireArea(request, context, "tokens");
  const form = await readForm(request, context);
  const { db } = context.services.database;
  const actor = staffActor(session);
  const intent = form.get("intent");
  if (intent === "revoke") {
    const id = form.get("token") ?? "";
    const done = await revokeRobotToken(db, id, actor);
    if (!done) throw data(null, { status: 404 });
    return data(await page(context, { revoked: id }), { headers: noStore });
  }
  if (intent !== "create") throw data(null, { status: 400 });
  const name = (form.get("name") ?? "").trim();
  const chosen = form.getAll("queues");
  const errors: TokensData["errors"] = [];
  if (!name || name.length > 100) errors.push("name");
  if (chosen.length === 0 || !chosen.every(isQueueName)) errors.push("queues");
  if (errors.length)
    return data(
      await page(context, { errors, values: { name: name.slice(0, 100), queues: chosen.filter(isQueueName) } }),
      {
        status: 400,
      },
    );
  const created = await createRobotToken(db, { name, queues: chosen as QueueName[] }, actor);
  return data(await page(context, { created: { id: created.id, name, token: created.token } }), { headers: noStore });
}
