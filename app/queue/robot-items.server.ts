/**
 * The robotic-intake queue as a robot sees it (UiPath Orchestrator's queue semantics) on top of
 * pg-boss. pg-boss stores, orders, leases, retries and dead-letters the jobs; the robot_item row
 * beside each job (same id) holds what pg-boss does not: the RPA state, who holds the lease
 * under which lease id, the case number it became, and an event history.
 *
 * Every change to an item runs in one transaction that locks the pg-boss job row first and the
 * item row second (a claim locks in the same order), checks that the caller holds a live lease,
 * and changes both or neither. See docs/decisions/005-robot-queue.md.
 */
// The queue's public surface, as before the split; the sections live in ./robot-items/.
export {
  silentObserver,
  type RobotItemRow,
  type RobotItemState,
  type RobotQueueDependencies,
  type RobotQueueObserver,
} from "./robot-items/item-lock.server";
export type { ItemView } from "./robot-items/item-view.server";
export { MAX_CLAIM, claimItems, type ClaimedItem } from "./robot-items/claim.server";
export * from "./robot-items/lease-and-outcome.server";
export * from "./robot-items/listing.server";
export * from "./robot-items/attachment.server";
export * from "./robot-items/write-back.server";
