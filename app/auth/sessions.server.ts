import { createHash, randomBytes } from "node:crypto";
import { eq, lt, or } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { loginAttempt, session } from "#db/schema";
import { audit, type ClientInfo } from "../audit/audit.server";
import { openText, seal, type Keyring } from "../crypto/envelope";
import { loadPerson, type Person } from "./people.server";
import type { StaffRole } from "./staff-roles";

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export interface StaffMember {
  subject: string;
  name: string | null;
  roles: StaffRole[];
}

interface SessionTimes {
  /** When the session ends if nothing happens before then. */
  idleExpiresAt: Date;
  expiresAt: Date;
}

export type CurrentSession =
  | ({ kind: "resident"; idHash: string; person: Person } & SessionTimes)
  | ({ kind: "staff"; idHash: string; staff: StaffMember } & SessionTimes);

export const hashSessionId = (id: string) => createHash("sha256").update(id).digest("base64url");

/** The cookie that carries the opaque session id: __Host- when served over https. */
export const sessionCookieName = (secure: boolean) => (secure ? "__Host-ingang-session" : "ingang-session");

/** Only write last_seen_at when it has moved this much, to keep reads cheap. */
const TOUCH_AFTER_MS = 30_000;

interface NewSession {
  client: ClientInfo;
}

/**
 * Starts a new session with a new random id (so an id planted before login is worthless),
 * ending the one the browser carried, if any.
 */
export async function createSession(
  db: Executor,
  keyring: Keyring,
  policy: SessionPolicy,
  owner: { kind: "resident"; personId: string } | { kind: "staff"; staff: StaffMember },
  details: NewSession & { previousIdHash?: string },
): Promise<{ id: string; idHash: string }> {
  const id = randomBytes(32).toString("base64url");
  const idHash = hashSessionId(id);
  await db.transaction(async (tx) => {
    if (details.previousIdHash) await tx.delete(session).where(eq(session.idHash, details.previousIdHash));
    await tx.insert(session).values({
      idHash,
      kind: owner.kind,
      personId: owner.kind === "resident" ? owner.personId : null,
      staffSubject: owner.kind === "staff" ? owner.staff.subject : null,
      staffNameSealed:
        owner.kind === "staff" && owner.staff.name
          ? seal(keyring, owner.staff.name, `session.staff_name:${idHash}`)
          : null,
      roles: owner.kind === "staff" ? owner.staff.roles : [],
      expiresAt: new Date(Date.now() + policy.maxMs),
    });
    await audit(tx, {
      actor:
        owner.kind === "resident" ? { kind: "person", id: owner.personId } : { kind: "staff", id: owner.staff.subject },
      action: "login",
      client: details.client,
      details: owner.kind === "staff" ? { roles: owner.staff.roles.join(" ") } : undefined,
    });
  });
  return { id, idHash };
}

/**
 * The session a cookie value names, if it is still alive. An idle or over-age session is
 * ended here, and the ending is audited.
 */
export async function resolveSession(
  db: Executor,
  keyring: Keyring,
  policy: SessionPolicy,
  cookieValue: string | undefined,
  now = new Date(),
  client?: ClientInfo,
): Promise<CurrentSession | null> {
  if (!cookieValue || cookieValue.length > 100) return null;
  const idHash = hashSessionId(cookieValue);
  const [row] = await db.select().from(session).where(eq(session.idHash, idHash));
  if (!row) return null;

  const idleEnd = new Date(row.lastSeenAt.getTime() + policy.idleMs);
  if (now >= idleEnd || now >= row.expiresAt) {
    await db.transaction(async (tx) => {
      const removed = await tx.delete(session).where(eq(session.idHash, idHash)).returning({ idHash: session.idHash });
      if (removed.length) {
        await audit(tx, {
          actor: row.personId ? { kind: "person", id: row.personId } : { kind: "staff", id: row.staffSubject! },
          action: "session_expired",
          client,
          details: { reason: now >= row.expiresAt ? "max_age" : "idle" },
        });
      }
    });
    return null;
  }

  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(session).set({ lastSeenAt: now }).where(eq(session.idHash, idHash));
  }
  const times = {
    idleExpiresAt: new Date(Math.min(now.getTime() + policy.idleMs, row.expiresAt.getTime())),
    expiresAt: row.expiresAt,
  };

  if (row.kind === "resident") {
    const person = await loadPerson(db, keyring, row.personId!);
    if (!person) return null;
    return { kind: "resident", idHash, person, ...times };
  }
  return {
    kind: "staff",
    idHash,
    staff: {
      subject: row.staffSubject!,
      name: row.staffNameSealed ? openText(keyring, row.staffNameSealed, `session.staff_name:${idHash}`) : null,
      roles: row.roles as StaffRole[],
    },
    ...times,
  };
}

/**
 * Ends a session at the person's request, or because the idle timer in their browser ran out
 * (audited as an expiry, like one the server notices).
 */
export async function endSession(
  db: Executor,
  current: CurrentSession,
  client: ClientInfo,
  cause: "logout" | "idle" = "logout",
): Promise<void> {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(session)
      .where(eq(session.idHash, current.idHash))
      .returning({ idHash: session.idHash });
    // Every tab ends the session at once when it runs out: one of them records it.
    if (removed.length === 0) return;
    await audit(tx, {
      actor:
        current.kind === "resident"
          ? { kind: "person", id: current.person.id }
          : { kind: "staff", id: current.staff.subject },
      action: cause === "logout" ? "logout" : "session_expired",
      client,
      ...(cause === "idle" ? { details: { reason: "idle" } } : {}),
    });
  });
}

/**
 * Removes sessions past their time, auditing each as expired (most people walk away rather
 * than log out), and login attempts never finished (an hour is plenty).
 */
export async function removeStaleSessions(db: Executor, policy: SessionPolicy, now = new Date()): Promise<void> {
  const idleCutoff = new Date(now.getTime() - policy.idleMs);
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(session)
      .where(or(lt(session.expiresAt, now), lt(session.lastSeenAt, idleCutoff)))
      .returning({ personId: session.personId, staffSubject: session.staffSubject, expiresAt: session.expiresAt });
    for (const row of removed) {
      await audit(tx, {
        actor: row.personId ? { kind: "person", id: row.personId } : { kind: "staff", id: row.staffSubject! },
        action: "session_expired",
        details: { reason: now >= row.expiresAt ? "max_age" : "idle" },
      });
    }
  });
  await db.delete(loginAttempt).where(lt(loginAttempt.createdAt, new Date(now.getTime() - 3_600_000)));
}
