/**
 * Manual handling: the items the robot could not register — business exceptions (data it could
 * not register) and dead letters (retries spent) — for the people who work the queue. They may
 * read one (audited as any read), register it by hand with the case number they created (the
 * same effect for the person as the robot's completion), or correct it and put it back on a
 * queue as new work, with the reason. Every change locks the pg-boss job row first and the item
 * second, the order a claim takes them (docs/decisions/005-robot-queue.md).
 *
 * So that two people do not handle one item at once, a caseworker takes it first; while they
 * hold it nobody else may register or requeue it, and another may take it over only by giving a
 * reason, which goes into the item's history (the robot reads it there) and the audit log.
 */
// The staff queues' public surface, as before the split.
export { queueNames } from "~/intake/definition";
export * from "./item-events.server";
export * from "./overview.server";
export * from "./item-detail.server";
export { checkCaseFields, registerByHand, requeueItem } from "./handling.server";
export type { HandlingDependencies, HandlingOutcome, HandlingRefusal } from "./handling-guards.server";
export * from "./taking.server";
