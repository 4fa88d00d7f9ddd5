import type { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { attachment, robotItem } from "#db/schema";
import { openStoredFile } from "~/attachments/open-attachment.server";
import { audit } from "~/audit/audit.server";
import { openText } from "~/crypto/envelope";
import { filesOf } from "../item-contents.server";
import { RobotApiError } from "../robot-errors";
import type { RobotPrincipal } from "../robot-tokens.server";
import { type RobotQueueDependencies, UUID, robotActor, findItem, requireHeld } from "./item-lock.server";

/** A held item's attachment, streamed to the robot that holds the lease; every download is audited. */

export interface OpenedAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  stream: Readable;
}

/**
 * One of a held item's files, decrypted as it streams. The read is audited before a byte leaves;
 * the stream fails (and the response is cut short) if the stored object does not authenticate.
 */
export async function openItemAttachment(
  deps: RobotQueueDependencies,
  robot: RobotPrincipal,
  itemId: string,
  attachmentId: string,
): Promise<OpenedAttachment> {
  const item = await findItem(deps.db, robot, itemId);
  const [state] = await deps.db
    .select({ expired: sql<boolean>`${robotItem.leaseExpiresAt} <= clock_timestamp()` })
    .from(robotItem)
    .where(eq(robotItem.id, itemId));
  requireHeld({ item, expired: state?.expired === true || String(state?.expired) === "t" }, robot, null);
  if (!UUID.test(attachmentId))
    throw new RobotApiError("attachment_not_found", "The item has no attachment with this id.");
  const [file] = await deps.db
    .select()
    .from(attachment)
    .where(and(eq(attachment.id, attachmentId), filesOf(item)));
  if (!file) throw new RobotApiError("attachment_not_found", "The item has no attachment with this id.");
  await audit(deps.db, {
    actor: robotActor(robot),
    action: "attachment_read",
    subject: { kind: "attachment", id: file.id },
    details: { purpose: "robot_download", item: itemId },
  });
  const plain = await openStoredFile(deps.files, deps.keyring, file);
  return {
    id: file.id,
    filename: openText(deps.keyring, file.filenameSealed, `attachment.filename:${file.id}`),
    contentType: file.contentType,
    size: file.sizeBytes,
    sha256: file.sha256,
    stream: plain,
  };
}
