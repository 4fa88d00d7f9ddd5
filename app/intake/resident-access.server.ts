import { and, desc, eq, exists, inArray, or, type SQL } from "drizzle-orm";
import type { Executor } from "#db/connect";
import { submission, submissionParty } from "#db/schema";
import type { Actor } from "../audit/audit.server";
import type { DraftOwner } from "./drafts.server";
import { anonymousReceiptAllowed } from "./receipt-access.server";

/**
 * Which submissions a resident may see: one rule, for every page and query that shows one.
 * - The sender (the person logged in with e-ID who sent it): all of it.
 * - A co-party (a co-applicant, found by their personnummer's lookup hash): the invitation page
 *   while invited (coPartyInvitation); on Mina sidor, once they have answered (CO_PARTY_READS),
 *   what they answered for — never the sender's own words, files or messages (co-party-view.ts).
 * - An anonymous sender: the receipt only, from the browser that sent it (receiptReader).
 * Everyone else gets a 404, whether or not the reference exists.
 */

export interface Resident {
  personId: string;
  pnrLookup: string;
}

/** A co-party sees the submission on Mina sidor once they have answered the invitation. */
export const CO_PARTY_READS = ["confirmed", "declined"] as const;

/**
 * The rule as SQL, the one definition every query uses: the resident sent it, or is a co-party
 * who has answered.
 */
function seenBy(db: Executor, resident: Resident): SQL {
  return or(
    eq(submission.personId, resident.personId),
    exists(
      db
        .select({ one: submissionParty.id })
        .from(submissionParty)
        .where(
          and(
            eq(submissionParty.submissionId, submission.id),
            eq(submissionParty.pnrLookup, resident.pnrLookup),
            inArray(submissionParty.status, [...CO_PARTY_READS]),
          ),
        ),
    ),
  )!;
}

/** How the resident stands to a submission they may see. */
const standing = (row: { personId: string | null }, resident: Resident) =>
  row.personId === resident.personId ? ("sender" as const) : ("co-party" as const);

/** A submission the resident may see (see the rule above), and as whom; null otherwise (a 404). */
export async function submissionForResident(db: Executor, reference: string, resident: Resident) {
  const [row] = await db
    .select()
    .from(submission)
    .where(and(eq(submission.reference, reference), seenBy(db, resident)));
  return row ? { row, as: standing(row, resident) } : null;
}

/** What the resident sent, and what they confirmed or declined as a co-party, newest first. */
export async function listSubmissions(db: Executor, resident: Resident) {
  const rows = await db
    .select({
      id: submission.id,
      reference: submission.reference,
      serviceId: submission.serviceId,
      status: submission.status,
      createdAt: submission.createdAt,
      submittedAt: submission.submittedAt,
      caseNumber: submission.caseNumber,
      personId: submission.personId,
    })
    .from(submission)
    .where(seenBy(db, resident))
    .orderBy(desc(submission.createdAt));
  return rows.map(({ personId, ...row }) => ({ ...row, as: standing({ personId }, resident) }));
}

/**
 * The invitation a co-party answers (whatever its status, so an answered one shows what was
 * answered): the submission and their party row, or null when they are not a co-party to it.
 */
export async function coPartyInvitation(db: Executor, reference: string, pnrLookup: string) {
  const [found] = await db
    .select({ row: submission, party: submissionParty })
    .from(submission)
    .innerJoin(
      submissionParty,
      and(eq(submissionParty.submissionId, submission.id), eq(submissionParty.pnrLookup, pnrLookup)),
    )
    .where(eq(submission.reference, reference));
  return found ?? null;
}

/**
 * Who reads a receipt: the sender logged in, or — for an anonymous submission — the browser that
 * sent it, holding the key bound to its anonymous token. Null for anyone else (a co-party too).
 */
export function receiptReader(
  row: { personId: string | null; reference: string },
  resident: { personId: string } | null,
  anonymous: { secret: Buffer; owner: () => DraftOwner | null; key: string | null },
): Actor | null {
  if (resident && row.personId === resident.personId) return { kind: "person", id: resident.personId };
  if (
    row.personId === null &&
    anonymousReceiptAllowed(anonymous.secret, row.reference, anonymous.owner(), anonymous.key)
  )
    return { kind: "anonymous" };
  return null;
}
