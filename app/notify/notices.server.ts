import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { person, personContact } from "#db/schema";
import { openText, type Keyring } from "../crypto/envelope";
import { isLanguageCode } from "../i18n/languages";
import { translator } from "../i18n/server-translations.server";
import type { Logger } from "../logger.server";
import { inTransaction, sendJob } from "../queue/boss.server";
import type { Transports } from "./transports.server";

/**
 * Notices tell a person that something is waiting on Mina sidor, never what: no service name,
 * no reference, no content. A person with protected personal data gets none at all. Notices are
 * jobs written in the same transaction as what they announce and retried with backoff when the
 * mail server or SMS gateway is down, so a submission never waits on them.
 */

export const NOTICE_QUEUE = "notice";

export type NoticeKind = "receipt" | "declined" | "message" | "status" | "confirmation_requested";

export interface Notice {
  personId: string;
  kind: NoticeKind;
  submissionId?: string;
}

export async function ensureNoticeQueue(boss: PgBoss) {
  const options: PgBoss.Queue = {
    name: NOTICE_QUEUE,
    retryLimit: 8,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 120,
  };
  if (!(await boss.getQueue(NOTICE_QUEUE))) await boss.createQueue(NOTICE_QUEUE, options);
}

export async function enqueueNotice(tx: Executor, boss: PgBoss, notice: Notice): Promise<void> {
  await sendJob(boss, NOTICE_QUEUE, { ...notice }, inTransaction(tx));
}

interface NoticeDependencies {
  db: Executor;
  keyring: Keyring;
  transports: Transports;
  municipality: string;
  myPagesUrl: string;
  logger: Logger;
}

export type NoticeChannel = "email" | "sms";

async function contactOf(db: Executor, personId: string) {
  const [row] = await db
    .select({ protectedIdentity: person.protectedIdentity, contact: personContact })
    .from(person)
    .leftJoin(personContact, eq(personContact.personId, person.id))
    .where(eq(person.id, personId));
  if (!row?.contact || row.protectedIdentity || row.contact.notifyBy === "none") return null;
  return row.contact;
}

/** A text message only where the installation sends them; otherwise e-mail, if there is an address. */
function channelFor(contact: typeof personContact.$inferSelect, smsAvailable: boolean): NoticeChannel | null {
  if (contact.notifyBy === "sms" && contact.phoneSealed && smsAvailable) return "sms";
  return contact.emailSealed ? "email" : null;
}

/**
 * How a notice to this person would go out now (null: none would), so that staff are told the
 * truth about whether the person hears of their answer.
 */
export async function noticeChannel(db: Executor, personId: string, smsAvailable: boolean) {
  const contact = await contactOf(db, personId);
  return contact ? channelFor(contact, smsAvailable) : null;
}

/** Sends one notice; throws when the transport fails so pg-boss retries it. */
export async function sendNotice(deps: NoticeDependencies, notice: Notice): Promise<"sent" | "skipped"> {
  const contact = await contactOf(deps.db, notice.personId);
  if (!contact) return "skipped";

  const language = isLanguageCode(contact.language) ? contact.language : "sv";
  const t = await translator(language, "notices");
  const vars = { municipality: deps.municipality, url: deps.myPagesUrl };
  const text = t(`${notice.kind}.body`, vars);

  const channel = channelFor(contact, !!deps.transports.sms);
  if (channel === "sms" && contact.phoneSealed && deps.transports.sms) {
    await deps.transports.sms({
      to: openText(deps.keyring, contact.phoneSealed, `person_contact.phone:${notice.personId}`),
      text,
    });
  } else if (channel === "email" && contact.emailSealed) {
    await deps.transports.email({
      to: openText(deps.keyring, contact.emailSealed, `person_contact.email:${notice.personId}`),
      subject: t("subject", vars),
      text: `${text}\n\n${t("footer", vars)}`,
    });
  } else return "skipped";
  deps.logger.info({ kind: notice.kind }, "notice sent");
  return "sent";
}

export async function startNoticeWorker(boss: PgBoss, deps: NoticeDependencies): Promise<void> {
  await ensureNoticeQueue(boss);
  // One job per batch: a failed notice must not make its neighbours retry.
  await boss.work<Notice>(NOTICE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    await sendNotice(deps, job!.data);
  });
}
