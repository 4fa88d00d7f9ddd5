import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { booking, bookingRequest, bookingSlot, message, submission } from "#db/schema";
import * as bookings from "~/e-services/samarbetssamtal/routes/staff-bookings";
import * as thread from "~/routes/personal._konsol.meddelanden.$reference";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

const dataOf = <T>(value: unknown) => ((value as { data?: T }).data ?? value) as T;

/** The family-law unit starts a conversation with a parent from the booked talk, as from a queue item. */
describeEachDatabase("starting a message thread from a booking", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  async function bookedTalk(queue: "familjeratt" | "skyddad") {
    const sent = await h.report({ identified: true });
    // The booking's own submission sits in the unit's queue (or the restricted one, for a protected parent).
    await h.database.db.update(submission).set({ queue }).where(eq(submission.id, sent.submissionId));
    const [request] = await h.database.db
      .insert(bookingRequest)
      .values({
        kind: "samarbetssamtal",
        requesterPersonId: h.annaId,
        requesterSubmissionId: sent.submissionId,
        requesterJointOk: false,
        invitationChannel: "letter",
        invitationState: "letter",
      })
      .returning();
    const [slot] = await h.database.db
      .insert(bookingSlot)
      .values({
        startsAt: new Date(Date.now() + 48 * 3_600_000),
        minutes: 60,
        kind: "samarbetssamtal",
        mode: "digitalt",
        createdBy: "t",
      })
      .returning();
    await h.database.db.insert(booking).values({
      requestId: request!.id,
      party: "requester",
      personId: h.annaId,
      submissionId: sent.submissionId,
      slotId: slot!.id,
      protected: queue === "skyddad",
    });
    return sent;
  }

  it("links a booking to its messages, where the unit may write, and the first message starts the thread", async () => {
    const own = await bookedTalk("familjeratt");
    const restricted = await bookedTalk("skyddad");
    const frida = h.staff("frida");
    type Page = Awaited<ReturnType<typeof bookings.loader>>;
    const page = dataOf<Page>(
      await bookings.loader({ request: h.get("/personal/familjeratt/bokningar"), context: frida, params: {} } as never),
    );
    // Frida works the family-law queue, not the restricted one: only her own booking links to messages.
    expect(page.messageQueues).toEqual(["familjeratt"]);
    const linked = page.bookings.filter((b) => b.hasPerson && page.messageQueues.includes(b.queue));
    expect(linked.map((b) => b.reference)).toEqual([own.reference]);
    expect(page.bookings.map((b) => b.reference).sort()).toEqual([own.reference, restricted.reference].sort());

    // No message yet: the thread opens empty, ready for the first one.
    type Thread = Awaited<ReturnType<typeof thread.loader>>;
    const url = `/personal/meddelanden/${own.reference}`;
    const opened = dataOf<Thread>(
      await thread.loader({ request: h.get(url), context: frida, params: { reference: own.reference } } as never),
    );
    expect(opened).toMatchObject({ messages: [], canAnswer: true });
    const sent = (await thread.action({
      request: h.post(url, { message: "Hej! Vi vill boka om ert samtal. Ring oss gärna." }),
      context: frida,
      params: { reference: own.reference },
    } as never)) as Response;
    expect(sent.status).toBe(303);
    const [first] = await h.database.db
      .select()
      .from(message)
      .where(and(eq(message.submissionId, own.submissionId), eq(message.direction, "to_person")));
    expect(first).toMatchObject({ authorKind: "staff", authorId: "staff:frida" });

    // The restricted booking's messages stay closed to her.
    expect(
      (
        await thrown(
          thread.loader({
            request: h.get(`/personal/meddelanden/${restricted.reference}`),
            context: frida,
            params: { reference: restricted.reference },
          } as never),
        )
      ).status,
    ).toBe(404);
  });
});
