import { and, eq, gte, inArray, isNotNull, lt, min, notExists, or, sql } from "drizzle-orm";
import type { Executor } from "#db/connect";
import {
  booking,
  bookingAttendance,
  bookingRequest,
  bookingSlot,
  followUpFact,
  message,
  robotItem,
  robotItemEvent,
  submission,
  submissionEvent,
} from "#db/schema";
import type { Fact } from "./figures";

/**
 * The facts the follow-up figures are computed from, one per submission that arrived: read from
 * the live tables, or — once the retention job has deleted a submission — from the fact it left
 * behind (follow_up_fact), so a month's figures do not change when its submissions are deleted.
 * Facts hold categories, times and counts only: no answers, no names, no numbers.
 */

type Range = { from: Date; to: Date };

/**
 * Arrival in [from, to), or those of the given submissions that arrived: one that never did (a
 * co-party did not confirm, or it was withdrawn first) has no fact.
 */
const arrivedIn = (range: Range | { ids: string[] }) =>
  "ids" in range
    ? and(
        isNotNull(submission.submittedAt),
        inArray(submission.id, range.ids.length ? range.ids : ["00000000-0000-0000-0000-000000000000"]),
      )
    : and(
        isNotNull(submission.submittedAt),
        gte(submission.submittedAt, range.from),
        lt(submission.submittedAt, range.to),
      );

const asDate = (value: unknown): Date | null =>
  value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value));

const str = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

/** Facts of the live submissions that arrived in the range (or of the given ones). */
export async function liveFacts(db: Executor, range: Range | { ids: string[] }): Promise<Fact[]> {
  const where = arrivedIn(range);
  const rows = await db
    .select({
      id: submission.id,
      serviceId: submission.serviceId,
      channel: submission.channel,
      submittedAt: submission.submittedAt,
      registeredAt: submission.registeredAt,
      flags: submission.flags,
      personId: submission.personId,
    })
    .from(submission)
    .where(where);
  if (rows.length === 0) return [];

  const events = await db
    .select({
      submissionId: submissionEvent.submissionId,
      kind: submissionEvent.kind,
      details: submissionEvent.details,
    })
    .from(submissionEvent)
    .innerJoin(submission, eq(submission.id, submissionEvent.submissionId))
    .where(and(where, inArray(submissionEvent.kind, ["statistics", "registered"])))
    .orderBy(submissionEvent.at, submissionEvent.id);

  const claims = await db
    .select({ submissionId: robotItem.submissionId, at: min(robotItemEvent.at) })
    .from(robotItemEvent)
    .innerJoin(robotItem, eq(robotItem.id, robotItemEvent.itemId))
    .innerJoin(submission, eq(submission.id, robotItem.submissionId))
    .where(and(where, eq(robotItem.kind, "submission"), eq(robotItemEvent.kind, "claimed")))
    .groupBy(robotItem.submissionId);

  const messages = await db
    .select({
      submissionId: message.submissionId,
      direction: message.direction,
      count: sql<number>`count(*)::int`.mapWith(Number),
    })
    .from(message)
    .innerJoin(submission, eq(submission.id, message.submissionId))
    .where(where)
    .groupBy(message.submissionId, message.direction);

  const requests = await db
    .select({
      id: bookingRequest.id,
      createdAt: bookingRequest.createdAt,
      requester: bookingRequest.requesterSubmissionId,
      invitee: bookingRequest.inviteeSubmissionId,
    })
    .from(bookingRequest)
    .innerJoin(
      submission,
      or(
        eq(submission.id, bookingRequest.requesterSubmissionId),
        eq(submission.id, bookingRequest.inviteeSubmissionId),
      ),
    )
    .where(where);
  const requestIds = [...new Set(requests.map((r) => r.id))];
  // The first talk of a request: its earliest booked time (either parent's) that was not cancelled
  // and not marked as a no-show.
  const firstTalks = requestIds.length
    ? await db
        .select({ requestId: booking.requestId, at: min(bookingSlot.startsAt) })
        .from(booking)
        .innerJoin(bookingSlot, eq(bookingSlot.id, booking.slotId))
        .where(
          and(
            inArray(booking.requestId, requestIds),
            eq(booking.status, "booked"),
            notExists(
              db
                .select({ one: sql`1` })
                .from(bookingAttendance)
                .where(and(eq(bookingAttendance.bookingId, booking.id), eq(bookingAttendance.outcome, "no_show"))),
            ),
          ),
        )
        .groupBy(booking.requestId)
    : [];

  return rows.map((row): Fact => {
    const statistics = events.find((e) => e.submissionId === row.id && e.kind === "statistics")?.details ?? {};
    const registered = events.find((e) => e.submissionId === row.id && e.kind === "registered");
    const request = requests.find((r) => r.requester === row.id || r.invitee === row.id);
    const party = request ? (request.requester === row.id ? "requester" : "invitee") : null;
    const count = (direction: "from_person" | "to_person") =>
      messages.find((m) => m.submissionId === row.id && m.direction === direction)?.count ?? 0;
    return {
      submissionId: row.id,
      serviceId: row.serviceId,
      channel: row.channel,
      submittedAt: row.submittedAt!,
      acute: row.flags.includes("acute"),
      identified: row.personId !== null,
      firstClaimAt: asDate(claims.find((c) => c.submissionId === row.id)?.at),
      registeredAt: row.registeredAt,
      registeredBy: registered ? (registered.details?.manual === true ? "staff" : "robot") : null,
      messagesFromPerson: count("from_person"),
      messagesToPerson: count("to_person"),
      documentsAttached: str(statistics.documentsAttached),
      reporter: str(statistics.reporter),
      organisation: str(statistics.organisation),
      unit: str(statistics.unit),
      about: str(statistics.about),
      bookingParty: party,
      requestedAt: request?.createdAt ?? null,
      firstTalkAt: request ? asDate(firstTalks.find((t) => t.requestId === request.id)?.at) : null,
    };
  });
}

type Stored = Record<string, string | number | boolean | null>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A fact as it is kept after the submission is gone (the key columns are the table's own). */
export function storeFact(fact: Fact): Stored {
  return {
    acute: fact.acute,
    identified: fact.identified,
    firstClaimAt: iso(fact.firstClaimAt),
    registeredAt: iso(fact.registeredAt),
    registeredBy: fact.registeredBy,
    messagesFromPerson: fact.messagesFromPerson,
    messagesToPerson: fact.messagesToPerson,
    documentsAttached: fact.documentsAttached,
    reporter: fact.reporter,
    organisation: fact.organisation,
    unit: fact.unit,
    about: fact.about,
    bookingParty: fact.bookingParty,
    requestedAt: iso(fact.requestedAt),
    firstTalkAt: iso(fact.firstTalkAt),
  };
}

export function restoreFact(row: typeof followUpFact.$inferSelect): Fact {
  const f = row.facts;
  const party = f.bookingParty;
  const by = f.registeredBy;
  return {
    submissionId: row.submissionId,
    serviceId: row.serviceId,
    channel: row.channel as Fact["channel"],
    submittedAt: row.submittedAt,
    acute: f.acute === true,
    identified: f.identified === true,
    firstClaimAt: asDate(f.firstClaimAt),
    registeredAt: asDate(f.registeredAt),
    registeredBy: by === "robot" || by === "staff" ? by : null,
    messagesFromPerson: Number(f.messagesFromPerson ?? 0),
    messagesToPerson: Number(f.messagesToPerson ?? 0),
    documentsAttached: str(f.documentsAttached),
    reporter: str(f.reporter),
    organisation: str(f.organisation),
    unit: str(f.unit),
    about: str(f.about),
    bookingParty: party === "requester" || party === "invitee" ? party : null,
    requestedAt: asDate(f.requestedAt),
    firstTalkAt: asDate(f.firstTalkAt),
  };
}

/**
 * A live fact beside the one kept when a linked submission was deleted. Deleting one parent's
 * submission takes that parent's bookings (and, for the requester, the request) with it, so the
 * other parent's live fact may have lost the request or its earliest talk: what was kept then
 * fills that in. Everything else comes from the live row.
 */
export function mergeFacts(live: Fact, kept: Fact | undefined): Fact {
  if (!kept) return live;
  if (!live.bookingParty && kept.bookingParty)
    return { ...live, bookingParty: kept.bookingParty, requestedAt: kept.requestedAt, firstTalkAt: kept.firstTalkAt };
  if (kept.firstTalkAt && (!live.firstTalkAt || kept.firstTalkAt < live.firstTalkAt))
    return { ...live, firstTalkAt: kept.firstTalkAt };
  return live;
}

/** The submissions whose facts depend on this one's: the other side of its booking request. */
async function linkedSubmissions(tx: Executor, submissionId: string): Promise<string[]> {
  const rows = await tx
    .select({ requester: bookingRequest.requesterSubmissionId, invitee: bookingRequest.inviteeSubmissionId })
    .from(bookingRequest)
    .where(
      or(eq(bookingRequest.requesterSubmissionId, submissionId), eq(bookingRequest.inviteeSubmissionId, submissionId)),
    );
  return [
    ...new Set(rows.flatMap((r) => [r.requester, r.invitee]).filter((id): id is string => !!id && id !== submissionId)),
  ];
}

/**
 * Keeps a submission's fact before the retention job deletes it, in the job's transaction — and
 * the facts of the submissions linked to it through a booking request, which its deletion
 * changes. A submission that never arrived (a co-applicant never confirmed) has no fact to keep.
 */
export async function retireFact(tx: Executor, submissionId: string): Promise<boolean> {
  const ids = [submissionId, ...(await linkedSubmissions(tx, submissionId))];
  const facts = await liveFacts(tx, { ids });
  const previous = facts.length
    ? await tx
        .select()
        .from(followUpFact)
        .where(
          inArray(
            followUpFact.submissionId,
            facts.map((f) => f.submissionId),
          ),
        )
    : [];
  for (const live of facts) {
    const before = previous.find((p) => p.submissionId === live.submissionId);
    const fact = mergeFacts(live, before ? restoreFact(before) : undefined);
    const values = {
      serviceId: fact.serviceId,
      channel: fact.channel,
      submittedAt: fact.submittedAt,
      facts: storeFact(fact),
    };
    await tx
      .insert(followUpFact)
      .values({ submissionId: fact.submissionId, ...values })
      .onConflictDoUpdate({ target: followUpFact.submissionId, set: { ...values, retiredAt: sql`now()` } });
  }
  return facts.some((f) => f.submissionId === submissionId);
}

/** Every fact of submissions that arrived in [from, to): the live ones and those kept after gallring. */
export async function factsBetween(db: Executor, from: Date, to: Date): Promise<Fact[]> {
  const live = await liveFacts(db, { from, to });
  const kept = (
    await db
      .select()
      .from(followUpFact)
      .where(and(gte(followUpFact.submittedAt, from), lt(followUpFact.submittedAt, to)))
  ).map(restoreFact);
  const keptById = new Map(kept.map((f) => [f.submissionId, f]));
  const seen = new Set(live.map((f) => f.submissionId));
  return [
    ...live.map((f) => mergeFacts(f, keptById.get(f.submissionId))),
    ...kept.filter((f) => !seen.has(f.submissionId)),
  ];
}
