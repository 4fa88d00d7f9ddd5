import type { RobotCompletionOutput } from "#db/schema";
import type { RobotPrincipal } from "../robot-tokens.server";
import type { RobotItemRow, RobotItemState } from "./item-lock.server";

/** An item as the robot API shows it. */

export interface ItemView {
  id: string;
  reference: string;
  kind: string;
  queue: string;
  serviceId: string;
  state: RobotItemState;
  priority: number;
  attempts: number;
  /** Only its holder sees the lease id. */
  lease: { id: string | null; expiresAt: string; heldByYou: boolean } | null;
  caseNumber: string | null;
  caseSystem: string | null;
  output: RobotCompletionOutput | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  nextAttemptAt?: string | null;
  /** The last time a person registered the item by hand or put it back, and who (a listing and GET). */
  handledByPerson?: { action: string; at: string; staffId: string } | null;
}

export function itemView(row: RobotItemRow, robot: RobotPrincipal): ItemView {
  const heldByYou = row.state === "in_progress" && row.holderTokenId === robot.tokenId;
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    queue: row.queue,
    serviceId: row.serviceId,
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    lease:
      row.state === "in_progress" && row.leaseExpiresAt
        ? { id: heldByYou ? row.leaseId : null, expiresAt: row.leaseExpiresAt.toISOString(), heldByYou }
        : null,
    caseNumber: row.caseNumber,
    caseSystem: row.caseSystem,
    output: row.output ?? null,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
