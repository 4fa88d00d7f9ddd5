import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ClaimedItem, ItemView } from "../../queue/robot-items.server";
import { RobotApiCallError, sleep, type RobotClient } from "./robot-client";

/**
 * What the reference robot does with a queue: claims items until the queue is empty, writes each
 * one to a folder (item.json with the answers, and its files), and completes it with a made-up
 * case number, or fails it when told to. It keeps its lease alive while it works, as a real robot
 * must when registering takes longer than the lease. While the case system is closed (at night)
 * it postpones what it claims until it opens; a completion whose answer was lost is sent again
 * (the portal replays it); and `reconcile` compares its folder with the portal's records.
 */

export type FailureKind = "application" | "business";

export interface DrainOptions {
  queue: string;
  out: string;
  /** Items per claim. */
  batch?: number;
  caseSystem?: string;
  casePrefix?: string;
  /** References to fail, and how. */
  failures?: Map<string, FailureKind>;
  /** Fail every n-th item handled (1-based), as this kind. */
  failEvery?: { n: number; kind: FailureKind };
  /** Keep polling an empty queue this often, instead of stopping when it is drained. */
  pollSeconds?: number;
  /** Pretend registering takes this long (to show the heartbeat). */
  workMs?: number;
  /** Stop after this many items. */
  limit?: number;
  /** Hours (local time, 0–23) the case system is closed, e.g. 22 to 6: items are postponed until it opens. */
  closedHours?: { from: number; to: number };
  /** The clock, for tests. */
  now?: () => Date;
  signal?: AbortSignal;
}

export interface ItemOutcome {
  id: string;
  reference: string;
  outcome: "completed" | "postponed" | "failed_application" | "failed_business" | "error";
  caseNumber?: string;
  error?: string;
  files: number;
}

export interface DrainSummary {
  handled: number;
  completed: number;
  postponed: number;
  failed: number;
  errors: number;
  items: ItemOutcome[];
}

/** A name safe in any file system, from a name the portal already cleaned. */
const safeName = (name: string) =>
  path
    .basename(name)
    .replace(/[^\p{L}\p{N}._ -]/gu, "_")
    .slice(0, 120) || "file";

export async function drainQueue(
  client: RobotClient,
  options: DrainOptions,
  log: (line: Record<string, unknown>) => void = () => {},
): Promise<DrainSummary> {
  const summary: DrainSummary = { handled: 0, completed: 0, postponed: 0, failed: 0, errors: 0, items: [] };
  const year = new Date().getUTCFullYear();
  for (;;) {
    if (options.signal?.aborted) break;
    if (options.limit !== undefined && summary.handled >= options.limit) break;
    const wanted = Math.min(options.batch ?? 1, (options.limit ?? Infinity) - summary.handled);
    const items = await client.claim(options.queue, wanted);
    if (items.length === 0) {
      if (options.pollSeconds === undefined) break;
      await sleep(options.pollSeconds * 1000);
      continue;
    }
    for (const item of items) {
      summary.handled++;
      const outcome = await handleItem(client, item, summary.handled, year, options);
      summary.items.push(outcome);
      if (outcome.outcome === "completed") summary.completed++;
      else if (outcome.outcome === "postponed") summary.postponed++;
      else if (outcome.outcome === "error") summary.errors++;
      else summary.failed++;
      log({ ...outcome });
    }
  }
  return summary;
}

async function handleItem(
  client: RobotClient,
  item: ClaimedItem,
  n: number,
  year: number,
  options: DrainOptions,
): Promise<ItemOutcome> {
  const base = { id: item.id, reference: item.reference, files: 0 };
  const opens = options.closedHours ? whenOpen(options.closedHours, options.now?.() ?? new Date()) : null;
  if (opens) {
    await client.postpone(item.id, {
      leaseId: item.lease.id,
      until: opens.toISOString(),
      reason: "The case system is closed for the night.",
    });
    return { ...base, outcome: "postponed" };
  }
  let leaseId = item.lease.id;
  const heartbeat = keepAlive(client, item, (lease) => (leaseId = lease));
  try {
    const dir = path.join(options.out, safeName(item.reference));
    const filesDir = path.join(dir, "files");
    await mkdir(filesDir, { recursive: true });
    const { lease: _lease, ...content } = item;
    await writeFile(path.join(dir, "item.json"), JSON.stringify(content, null, 2) + "\n", { mode: 0o600 });
    for (const [i, file] of item.attachments.entries()) {
      await client.download(file, path.join(filesDir, `${String(i + 1).padStart(2, "0")}-${safeName(file.filename)}`));
      base.files++;
    }
    if (options.workMs) await sleep(options.workMs);

    const failure =
      options.failures?.get(item.reference) ??
      (options.failEvery && n % options.failEvery.n === 0 ? options.failEvery.kind : undefined);
    heartbeat.stop();
    if (failure) {
      await client.fail(item.id, {
        leaseId,
        kind: failure,
        reason:
          failure === "business"
            ? "The reference robot was told to treat this item as one it cannot register."
            : "The reference robot was told to act as if the case system were down.",
      });
      return { ...base, outcome: failure === "business" ? "failed_business" : "failed_application" };
    }
    const caseNumber = `${options.casePrefix ?? "REF"}-${year}-${item.reference}`;
    await completeOnce(client, item.id, { leaseId, caseNumber, caseSystem: options.caseSystem ?? "Referensrobot" });
    return { ...base, outcome: "completed", caseNumber };
  } catch (error) {
    const message = error instanceof RobotApiCallError ? error.message : (error as Error).message;
    return { ...base, outcome: "error", error: message };
  } finally {
    heartbeat.stop();
  }
}

/**
 * Completes an item, sending the same completion again when its answer did not arrive (the
 * connection broke, or the portal could not reach its database): the portal registers it once
 * and answers a repeat with `replayed: true`.
 */
async function completeOnce(
  client: RobotClient,
  itemId: string,
  input: { leaseId: string; caseNumber: string; caseSystem: string },
  attempts = 3,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.complete(itemId, input);
    } catch (error) {
      const lost = !(error instanceof RobotApiCallError) || error.code === "unavailable";
      if (!lost || attempt >= attempts) throw error;
      await sleep(1000 * attempt);
    }
  }
}

/** When the case system opens again, if it is closed at `now` (local hours; the window may span midnight). */
export function whenOpen(closed: { from: number; to: number }, now: Date): Date | null {
  const hour = now.getHours();
  const isClosed =
    closed.from <= closed.to ? hour >= closed.from && hour < closed.to : hour >= closed.from || hour < closed.to;
  if (!isClosed) return null;
  const opens = new Date(now);
  opens.setHours(closed.to, 0, 0, 0);
  if (opens <= now) opens.setDate(opens.getDate() + 1);
  return opens;
}

export interface ReconcileSummary {
  /** Folders in `out` the portal was asked about. */
  checked: number;
  /** Registered by a person or put back by one: the robot must not register them again. */
  handledByPerson: string[];
  /** Still waiting for a person (business exception or dead letter). */
  withPeople: string[];
}

/**
 * The morning check: for every item the robot wrote to its folder, asks the portal where it
 * stands (by receipt number, a page at a time) and writes that to portal-state.json beside
 * item.json, so the robot's records agree with the portal's, and what a person handled
 * overnight is not registered twice.
 */
export async function reconcile(
  client: RobotClient,
  options: { queue: string; out: string; since?: string },
  log: (line: Record<string, unknown>) => void = () => {},
): Promise<ReconcileSummary> {
  const known = new Set(
    (await readdir(options.out, { withFileTypes: true }).catch(() => []))
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
  );
  const summary: ReconcileSummary = { checked: 0, handledByPerson: [], withPeople: [] };
  let cursor: string | undefined;
  do {
    const page = await client.list({ queue: options.queue, since: options.since, limit: 100, cursor });
    for (const item of page.items) {
      if (!known.has(safeName(item.reference))) continue;
      summary.checked++;
      if (item.handledByPerson) summary.handledByPerson.push(item.reference);
      else if (item.state === "business_exception" || item.state === "dead_lettered")
        summary.withPeople.push(item.reference);
      const state: Partial<ItemView> = {
        state: item.state,
        caseNumber: item.caseNumber,
        caseSystem: item.caseSystem,
        handledByPerson: item.handledByPerson ?? null,
        updatedAt: item.updatedAt,
      };
      await writeFile(
        path.join(options.out, safeName(item.reference), `portal-state-${item.id}.json`),
        JSON.stringify(state, null, 2) + "\n",
        { mode: 0o600 },
      );
      log({ reconciled: item.reference, state: item.state, handledByPerson: !!item.handledByPerson });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return summary;
}

/** Extends the lease when half of what is left of it has passed, until stopped. */
function keepAlive(client: RobotClient, item: ClaimedItem, renewed: (leaseId: string) => void) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (expiresAt: string) => {
    const wait = Math.max(500, (Date.parse(expiresAt) - Date.now()) / 2);
    timer = setTimeout(async () => {
      if (stopped) return;
      try {
        const lease = await client.extendLease(item.id, item.lease.id);
        renewed(lease.id);
        if (!stopped) schedule(lease.expiresAt);
      } catch {
        // The completion will report what happened to the lease.
      }
    }, wait);
    timer.unref();
  };
  schedule(item.lease.expiresAt);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
