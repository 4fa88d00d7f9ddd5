import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { robotItem, robotItemEvent, robotToken } from "#db/schema";
import type { QueueName } from "~/intake/definition";
import { RobotApiError } from "../robot-errors";
import type { RobotPrincipal } from "../robot-tokens.server";
import {
  type RobotItemState,
  type RobotQueueDependencies,
  UUID,
  requireScope,
  findItem,
  jobState,
} from "./item-lock.server";
import { type ItemView, itemView } from "./item-view.server";
import { reconcileLeases } from "./lease-and-outcome.server";

/** Reading items: one item, a queue's items page by page, and an item's event history. */

/** Item states whose pg-boss job waits to be claimed (again). */
const WAITING_STATES: readonly RobotItemState[] = ["new", "failed_application", "abandoned", "postponed"];

/**
 * The item as it stands now. A lease that ran out is put back first (as the reconciler would
 * within seconds), so the robot sees the item abandoned rather than still held; an item waiting
 * to be claimed says from when it may be.
 */
export async function getItem(deps: RobotQueueDependencies, robot: RobotPrincipal, itemId: string): Promise<ItemView> {
  let row = await findItem(deps.db, robot, itemId);
  if (row.state === "in_progress" && row.leaseExpiresAt && row.leaseExpiresAt.getTime() <= Date.now()) {
    await reconcileLeases(deps, { itemId });
    row = await findItem(deps.db, robot, itemId);
  }
  let nextAttemptAt: string | null = null;
  if (WAITING_STATES.includes(row.state)) {
    const job = await jobState(deps.db, row.queue, row.id);
    if (job && ["created", "retry"].includes(job.state)) nextAttemptAt = job.startAfter.toISOString();
  }
  const handled = await handledByPerson(deps.db, [row.id]);
  return { ...itemView(row, robot), nextAttemptAt, handledByPerson: handled.get(row.id) ?? null };
}

export interface ListQuery {
  /** One queue, or every queue the token may use. */
  queue?: QueueName;
  states?: RobotItemState[];
  /** The receipt number the person got. */
  reference?: string;
  /** Arrived in the queue at or after / before. */
  since?: Date;
  until?: Date;
  limit: number;
  /** From the previous page's nextCursor. */
  cursor?: string;
}

export interface ItemPage {
  items: ItemView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Staff actions on an item the robot could not register (app/staff/queues): the robot must not register it again. */
const HANDLED_BY_PERSON_EVENTS = ["registered_by_hand", "requeued"] as const;

/** A page position: the last item's arrival in microseconds (what the database keeps) and its id. */
const encodeCursor = (micros: string, id: string) => Buffer.from(`${micros}.${id}`).toString("base64url");
function decodeCursor(cursor: string): { micros: string; id: string } {
  const [micros, id] = Buffer.from(cursor, "base64url").toString().split(".");
  if (!micros || !/^\d{1,20}$/.test(micros) || !id || !UUID.test(id))
    throw new RobotApiError("invalid_request", "cursor: not a cursor this API gave");
  return { micros, id };
}

/**
 * A queue's items for a robot to reconcile its own records with: by state, by arrival time or
 * by receipt number, oldest first, a page at a time. Only the token's queues are searched; an
 * item a person handled carries who and when (`handledByPerson`).
 */
export async function listItems(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  query: ListQuery,
): Promise<ItemPage> {
  if (query.queue) requireScope(robot, query.queue);
  const queues = query.queue ? [query.queue] : (robot.queues as string[]);
  if (queues.length === 0) return { items: [], nextCursor: null };
  const position = query.cursor ? decodeCursor(query.cursor) : null;
  const micros = sql`(extract(epoch from ${robotItem.createdAt}) * 1000000)::bigint`;
  const rows = await deps.db
    .select({ item: robotItem, micros: sql<string>`${micros}::text` })
    .from(robotItem)
    .where(
      and(
        inArray(robotItem.queue, queues),
        query.states?.length ? inArray(robotItem.state, query.states) : undefined,
        query.reference ? eq(robotItem.reference, query.reference) : undefined,
        query.since ? sql`${robotItem.createdAt} >= ${query.since.toISOString()}::timestamptz` : undefined,
        query.until ? sql`${robotItem.createdAt} < ${query.until.toISOString()}::timestamptz` : undefined,
        position ? sql`(${micros}, ${robotItem.id}) > (${position.micros}::bigint, ${position.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(robotItem.createdAt), asc(robotItem.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const handled = await handledByPerson(
    deps.db,
    page.map((r) => r.item.id),
  );
  const last = page.at(-1);
  return {
    items: page.map(({ item }) => ({ ...itemView(item, robot), handledByPerson: handled.get(item.id) ?? null })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.micros, last.item.id) : null,
  };
}

/** Per item, the last time a person handled it (registered it by hand or put it back), and who. */
async function handledByPerson(db: Executor, itemIds: string[]) {
  const found = new Map<string, NonNullable<ItemView["handledByPerson"]>>();
  if (itemIds.length === 0) return found;
  const events = await db
    .select()
    .from(robotItemEvent)
    .where(and(inArray(robotItemEvent.itemId, itemIds), inArray(robotItemEvent.kind, [...HANDLED_BY_PERSON_EVENTS])))
    .orderBy(asc(robotItemEvent.id));
  for (const e of events)
    found.set(e.itemId, { action: e.kind, at: e.at.toISOString(), staffId: String(e.details?.staff ?? "") });
  return found;
}

export interface ItemEventView {
  id: number;
  at: string;
  kind: string;
  robot: { id: string; name: string | null } | null;
  details: Record<string, string | number | boolean | null>;
}

export async function itemEvents(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
): Promise<ItemEventView[]> {
  await findItem(deps.db, robot, itemId);
  const rows = await deps.db
    .select({ event: robotItemEvent, robotName: robotToken.name })
    .from(robotItemEvent)
    .leftJoin(robotToken, eq(robotToken.id, robotItemEvent.tokenId))
    .where(eq(robotItemEvent.itemId, itemId))
    .orderBy(asc(robotItemEvent.id));
  return rows.map(({ event, robotName }) => ({
    id: event.id,
    at: event.at.toISOString(),
    kind: event.kind,
    robot: event.tokenId ? { id: event.tokenId, name: robotName } : null,
    // Lease ids are the holder's to know; the history names the robot instead.
    details: Object.fromEntries(Object.entries(event.details ?? {}).filter(([k]) => k !== "leaseId")),
  }));
}
