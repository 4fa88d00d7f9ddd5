import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { robotToken } from "#db/schema";
import { audit, type Actor } from "../audit/audit.server";
import { queueNames, type QueueName } from "../intake/definition";

/**
 * Robot credentials. A token is 32 random bytes (base64url) behind a recognisable prefix, so a
 * leaked one is easy to find in a log or a repository. Only its SHA-256 is stored: a token is
 * unguessable, so a fast hash is enough, and a copy of the database yields no usable token.
 */

export const TOKEN_PREFIX = "ingang_robot_";
const TOKEN_PATTERN = /^ingang_robot_[A-Za-z0-9_-]{43}$/;

export interface RobotPrincipal {
  tokenId: string;
  name: string;
  queues: QueueName[];
}

export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

export function isQueueName(value: string): value is QueueName {
  return (queueNames as readonly string[]).includes(value);
}

export async function createRobotToken(
  db: Executor,
  input: { name: string; queues: QueueName[] },
  actor: Actor = { kind: "system" },
): Promise<{ id: string; token: string }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new Error("a robot's name must be 1 to 100 characters");
  const queues = [...new Set(input.queues)];
  if (queues.length === 0) throw new Error("a robot needs at least one queue");
  for (const queue of queues) if (!isQueueName(queue)) throw new Error(`unknown queue: ${queue}`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const id = crypto.randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(robotToken).values({ id, name, tokenHash: hashToken(token), queues });
    await audit(tx, {
      actor,
      action: "robot_token_created",
      subject: { kind: "robot_token", id },
      details: { queues: queues.join(",") },
    });
  });
  return { id, token };
}

export async function listRobotTokens(db: Executor) {
  return db
    .select({
      id: robotToken.id,
      name: robotToken.name,
      queues: robotToken.queues,
      createdAt: robotToken.createdAt,
      lastUsedAt: robotToken.lastUsedAt,
      revokedAt: robotToken.revokedAt,
    })
    .from(robotToken)
    .orderBy(asc(robotToken.createdAt));
}

/** Revokes a token at once; true when it existed and was live. */
export async function revokeRobotToken(db: Executor, id: string, actor: Actor = { kind: "system" }): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(robotToken)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(robotToken.id, id), isNull(robotToken.revokedAt)))
      .returning({ id: robotToken.id });
    if (revoked.length === 0) return false;
    await audit(tx, { actor, action: "robot_token_revoked", subject: { kind: "robot_token", id } });
    return true;
  });
}

export type Authentication =
  | { ok: true; robot: RobotPrincipal }
  | { ok: false; reason: "missing" | "malformed" | "unknown" }
  | { ok: false; reason: "revoked"; tokenId: string };

/** The robot behind an Authorization header, looked up by the token's hash on every call. */
export async function authenticateRobot(db: Executor, authorization: string | undefined): Promise<Authentication> {
  if (!authorization) return { ok: false, reason: "missing" };
  const match = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization.trim());
  if (!match || !TOKEN_PATTERN.test(match[1]!)) return { ok: false, reason: "malformed" };
  const [row] = await db
    .select()
    .from(robotToken)
    .where(eq(robotToken.tokenHash, hashToken(match[1]!)));
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked", tokenId: row.id };
  // Last use, for `robot-token list`: written at most once a minute per token.
  await db
    .update(robotToken)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(robotToken.id, row.id),
        or(isNull(robotToken.lastUsedAt), lt(robotToken.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
  return { ok: true, robot: { tokenId: row.id, name: row.name, queues: row.queues.filter(isQueueName) } };
}
