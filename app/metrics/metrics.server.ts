import { createHash, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { RequestHandler } from "express";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { rowsOf, type Executor } from "#db/connect";
import { queueNames } from "../intake/definition";
import type { Logger } from "../logger.server";
import { BOSS_SCHEMA } from "../queue/boss.server";
import { bossQueueName, DEAD_LETTER_QUEUE } from "../queue/intake-queue.server";
import type { RobotQueueObserver } from "../queue/robot-items.server";

/**
 * Prometheus metrics for the robotic-intake queue. Depth, the oldest waiting item's age and the
 * items by state are read from the database at each scrape, so every portal process reports the
 * same truth; the counters (claims, completions, failures, dead letters, lost leases) count what
 * this process did since it started, which is what Prometheus's rate() expects.
 */
export class Metrics implements RobotQueueObserver {
  readonly registry = new Registry();
  private readonly claims: Counter<"queue">;
  private readonly completions: Counter<"queue">;
  private readonly failures: Counter<"queue" | "kind">;
  private readonly deadLetters: Counter<"queue">;
  private readonly abandonedLeases: Counter<"queue">;
  readonly rateLimited: Counter;

  constructor(db: Executor) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "ingang_" });
    this.claims = new Counter({
      name: "ingang_robot_claims_total",
      help: "Queue items claimed by robots",
      labelNames: ["queue"],
      registers,
    });
    this.completions = new Counter({
      name: "ingang_robot_completions_total",
      help: "Queue items completed with a case number",
      labelNames: ["queue"],
      registers,
    });
    this.failures = new Counter({
      name: "ingang_robot_failures_total",
      help: "Queue items failed by robots, by kind (application: retried; business: to people)",
      labelNames: ["queue", "kind"],
      registers,
    });
    this.deadLetters = new Counter({
      name: "ingang_robot_dead_letters_total",
      help: "Queue items dead-lettered after their last retry",
      labelNames: ["queue"],
      registers,
    });
    this.abandonedLeases = new Counter({
      name: "ingang_robot_abandoned_total",
      help: "Leases that expired before the robot finished (the item went back to its queue)",
      labelNames: ["queue"],
      registers,
    });
    this.rateLimited = new Counter({
      name: "ingang_robot_rate_limited_total",
      help: "Robot API requests refused by the rate limit",
      registers,
    });

    // One query per scrape feeds the three queue gauges.
    let snapshot: Promise<QueueSnapshot> | null = null;
    const current = () => (snapshot ??= readQueues(db).finally(() => setTimeout(() => (snapshot = null), 0)));
    const depth = new Gauge({
      name: "ingang_robot_queue_depth",
      help: "Items waiting in each queue (new, or back for a retry)",
      labelNames: ["queue"],
      registers,
      async collect() {
        const { queues } = await current();
        for (const [queue, q] of queues) this.set({ queue }, q.waiting);
      },
    });
    new Gauge({
      name: "ingang_robot_queue_in_progress",
      help: "Items a robot holds a lease on, in each queue",
      labelNames: ["queue"],
      registers,
      async collect() {
        const { queues } = await current();
        for (const [queue, q] of queues) this.set({ queue }, q.active);
      },
    });
    new Gauge({
      name: "ingang_robot_queue_oldest_age_seconds",
      help: "Age of the oldest waiting item in each queue (0 when none waits)",
      labelNames: ["queue"],
      registers,
      async collect() {
        const { queues } = await current();
        for (const [queue, q] of queues) this.set({ queue }, q.oldestSeconds);
      },
    });
    new Gauge({
      name: "ingang_robot_items",
      help: "Queue items by their robot state",
      labelNames: ["queue", "state"],
      registers,
      async collect() {
        this.reset();
        const { states } = await current();
        for (const s of states) this.set({ queue: s.queue, state: s.state }, s.count);
      },
    });
    void depth;
  }

  claimed(queue: string, count: number) {
    this.claims.inc({ queue }, count);
  }
  completed(queue: string) {
    this.completions.inc({ queue });
  }
  failed(queue: string, kind: "application" | "business") {
    this.failures.inc({ queue, kind });
  }
  deadLettered(queue: string) {
    this.deadLetters.inc({ queue });
  }
  abandoned(queue: string) {
    this.abandonedLeases.inc({ queue });
  }
}

interface QueueSnapshot {
  queues: Map<string, { waiting: number; active: number; oldestSeconds: number }>;
  states: { queue: string; state: string; count: number }[];
}

async function readQueues(db: Executor): Promise<QueueSnapshot> {
  const names = new Map<string, string>(queueNames.map((q) => [bossQueueName(q), q]));
  names.set(DEAD_LETTER_QUEUE, "dead-letter");
  const queues: QueueSnapshot["queues"] = new Map(
    [...names.values()].map((q) => [q, { waiting: 0, active: 0, oldestSeconds: 0 }]),
  );
  const rows = await rowsOf<{ name: string; waiting: number; active: number; oldest: number | null }>(
    db,
    sql`select name,
          count(*) filter (where state in ('created', 'retry'))::int as waiting,
          count(*) filter (where state = 'active')::int as active,
          extract(epoch from now() - min(created_on) filter (where state in ('created', 'retry')))::float8 as oldest
        from ${sql.identifier(BOSS_SCHEMA)}.job
        where name like 'intake.%'
        group by name`,
  );
  for (const row of rows) {
    const queue = names.get(row.name);
    if (queue)
      queues.set(queue, {
        waiting: Number(row.waiting),
        active: Number(row.active),
        oldestSeconds: Math.max(0, Number(row.oldest ?? 0)),
      });
  }
  const states = await rowsOf<{ queue: string; state: string; count: number }>(
    db,
    sql`select queue, state, count(*)::int as count from robot_item group by queue, state`,
  );
  return { queues, states: states.map((s) => ({ ...s, count: Number(s.count) })) };
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * GET /metrics with `Authorization: Bearer $METRICS_TOKEN`. Without a configured token the
 * endpoint does not exist (404), so metrics are never public by accident.
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined, logger: Logger): RequestHandler {
  const expected = token ? digest(token) : null;
  return async (req, res) => {
    res.set("Cache-Control", "no-store");
    if (!expected) {
      res.status(404).type("text/plain").send("Not found");
      return;
    }
    const match = /^Bearer (\S+)$/i.exec(req.get("authorization") ?? "");
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("Unauthorized");
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.status(200).type(metrics.registry.contentType).send(body);
    } catch (error) {
      logger.error({ err: error }, "metrics collection failed");
      res.status(503).type("text/plain").send("Metrics unavailable");
    }
  };
}
