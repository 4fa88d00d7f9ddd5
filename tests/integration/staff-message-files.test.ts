import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { attachment, auditEvent, message } from "#db/schema";
import { storeFile } from "~/attachments/store-file.server";
import { seal } from "~/crypto/envelope";
import * as thread from "~/routes/personal._konsol.meddelanden.$reference";
import * as threadFile from "~/routes/personal._konsol.meddelanden.$reference.filer.$fileId";
import { describeEachDatabase } from "../support/databases";
import { startStaffHarness, thrown, type StaffHarness } from "../support/staff-harness";

/** A resident's reply may carry documents: staff answering messages must see them, each read audited. */

describeEachDatabase("files on the staff messages page", (kind) => {
  let h: StaffHarness;
  beforeEach(async () => {
    h = await startStaffHarness(kind);
  });
  afterEach(() => h?.close());

  /** A message from the person with one attached file, stored as a reply on Mina sidor stores it. */
  async function replyWithFile(submissionId: string, filename: string) {
    const { keyring } = h.config.secrets;
    const messageId = randomUUID();
    await h.database.db.insert(message).values({
      id: messageId,
      submissionId,
      direction: "from_person",
      authorKind: "person",
      authorId: h.annaId,
      bodySealed: seal(keyring, "Här är intyget.", `message.body:${messageId}`),
    });
    const id = randomUUID();
    const stored = await storeFile(Readable.from([Buffer.from("%PDF-1.4\n%test\n")]), {
      keyring,
      store: h.files,
      scanner: null,
      maxBytes: 1024 * 1024,
      context: `attachment:${id}`,
      key: id,
    });
    if (!stored.ok) throw new Error(stored.reason);
    await h.database.db.insert(attachment).values({
      id,
      submissionId,
      messageId,
      personId: h.annaId,
      filenameSealed: seal(keyring, filename, `attachment.filename:${id}`),
      contentType: stored.contentType,
      sizeBytes: stored.size,
      sha256: stored.sha256,
      storageKey: id,
      keyId: stored.keyId,
      wrappedKey: stored.wrappedKey,
      noncePrefix: stored.noncePrefix,
    });
    return id;
  }

  it("lists a file the resident sent with a reply, streams it to the unit's staff and audits the read", async () => {
    const sent = await h.report({ identified: true });
    const other = await h.report({ identified: true });
    const fileId = await replyWithFile(sent.submissionId, "läkarintyg.pdf");
    const otherFile = await replyWithFile(other.submissionId, "annat.pdf");
    const viktor = h.staff("viktor");
    const url = `/personal/meddelanden/${sent.reference}`;

    type Thread = Awaited<ReturnType<typeof thread.loader>>;
    const opened = (await thread.loader({
      request: h.get(url),
      context: viktor,
      params: { reference: sent.reference },
    } as never)) as Thread;
    const data = ((opened as { data?: Thread }).data ?? opened) as Thread;
    expect(data.messages.map((m) => m.files.map((f) => f.filename))).toEqual([["läkarintyg.pdf"]]);

    const response = (await threadFile.loader({
      request: h.get(`${url}/filer/${fileId}`),
      context: viktor,
      params: { reference: sent.reference, fileId },
    } as never)) as Response;
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe("%PDF-1.4\n%test\n");
    const reads = await h.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, "attachment_read"), eq(auditEvent.subjectId, fileId)));
    expect(reads).toMatchObject([
      { actorId: "staff:viktor", details: { purpose: "staff_messages", submission: sent.submissionId } },
    ]);

    // Another submission's file through this thread, or this thread for another unit: 404.
    const wrongFile = await thrown(
      threadFile.loader({
        request: h.get(`${url}/filer/${otherFile}`),
        context: viktor,
        params: { reference: sent.reference, fileId: otherFile },
      } as never),
    );
    expect(wrongFile.status).toBe(404);
    const wrongUnit = await thrown(
      threadFile.loader({
        request: h.get(`${url}/filer/${fileId}`),
        context: h.staff("sara"),
        params: { reference: sent.reference, fileId },
      } as never),
    );
    expect(wrongUnit.status).toBe(404);
  });

  it("lets staff start a thread about a submission the resident has not written about", async () => {
    const sent = await h.report({ identified: true });
    const viktor = h.staff("viktor");
    const url = `/personal/meddelanden/${sent.reference}`;
    type Thread = Awaited<ReturnType<typeof thread.loader>>;
    const opened = (await thread.loader({
      request: h.get(url),
      context: viktor,
      params: { reference: sent.reference },
    } as never)) as Thread;
    expect(opened).toMatchObject({ messages: [], canAnswer: true });
    const answered = (await thread.action({
      request: h.post(url, { message: "Vi behöver ett intyg från dig." }),
      context: viktor,
      params: { reference: sent.reference },
    } as never)) as Response;
    expect(answered.status).toBe(303);
    const written = await h.database.db.select().from(message).where(eq(message.submissionId, sent.submissionId));
    expect(written).toMatchObject([{ direction: "to_person", authorKind: "staff", authorId: "staff:viktor" }]);
  });
});
