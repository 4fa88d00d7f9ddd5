import { eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import { person, personContact, submission } from "#db/schema";
import type { Actor } from "../audit/audit.server";
import { serviceById } from "../e-services/registry.server";
import { readSubmission } from "../intake/submissions.server";
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

/** Where one notice goes: the channel, the address or number, the language of its text. */
interface NoticeTarget {
  channel: NoticeChannel;
  to: string;
  language: string;
  /** "choice": the person's notice choice on Mina sidor; "errand": the contact they gave in the errand. */
  source: "choice" | "errand";
}

/** Flags under which nothing may reach the contact given: someone the person is protected from may see it. */
const NO_ERRAND_NOTICE = ["protected_identity", "contact_safely"];

/** Notices about an errand that may go to the contact given in it, for a person with no notice choice. */
const ERRAND_NOTICE_KINDS: readonly NoticeKind[] = ["message"];

/**
 * Where a notice goes, or null when none may. The person's choice on Mina sidor decides
 * (a text message only where the installation sends them, otherwise e-mail, if there is an
 * address; "none" means none). A person who has made no choice gets a message notice at the
 * contact they gave in that errand (e-mail before a text message), unless the errand is
 * protected. A person with protected personal data gets none at all. Reading the errand's
 * answers is audited with the given reader.
 */
async function noticeTarget(
  db: Executor,
  keyring: Keyring,
  notice: Notice,
  smsAvailable: boolean,
  reader: Actor,
): Promise<NoticeTarget | null> {
  const [row] = await db
    .select({ protectedIdentity: person.protectedIdentity, contact: personContact })
    .from(person)
    .leftJoin(personContact, eq(personContact.personId, person.id))
    .where(eq(person.id, notice.personId));
  if (!row || row.protectedIdentity) return null;
  const { contact } = row;
  if (contact) {
    if (contact.notifyBy === "none") return null;
    const base = { language: contact.language, source: "choice" as const };
    if (contact.notifyBy === "sms" && contact.phoneSealed && smsAvailable)
      return {
        ...base,
        channel: "sms",
        to: openText(keyring, contact.phoneSealed, `person_contact.phone:${notice.personId}`),
      };
    if (contact.emailSealed)
      return {
        ...base,
        channel: "email",
        to: openText(keyring, contact.emailSealed, `person_contact.email:${notice.personId}`),
      };
    return null;
  }
  if (!notice.submissionId || !ERRAND_NOTICE_KINDS.includes(notice.kind)) return null;
  const [errand] = await db.select().from(submission).where(eq(submission.id, notice.submissionId));
  const definition = errand ? serviceById(errand.serviceId) : undefined;
  if (!errand || errand.personId !== notice.personId || !definition?.errandContact) return null;
  if (errand.flags.some((flag) => NO_ERRAND_NOTICE.includes(flag))) return null;
  const view = await readSubmission(db, keyring, errand, reader, "notice_contact");
  const given = definition.errandContact(view.answers);
  const base = { language: errand.language, source: "errand" as const };
  if (given.email) return { ...base, channel: "email", to: given.email };
  if (given.phone && smsAvailable) return { ...base, channel: "sms", to: given.phone };
  return null;
}

/**
 * How a notice would go out now, and to which contact (null: none would), so that staff are
 * told the truth about whether and how the person hears of their answer.
 */
export async function noticeChannel(
  db: Executor,
  keyring: Keyring,
  notice: Notice,
  smsAvailable: boolean,
  reader: Actor,
): Promise<{ channel: NoticeChannel; source: NoticeTarget["source"] } | null> {
  const target = await noticeTarget(db, keyring, notice, smsAvailable, reader);
  return target ? { channel: target.channel, source: target.source } : null;
}

/** Sends one notice; throws when the transport fails so pg-boss retries it. */
export async function sendNotice(deps: NoticeDependencies, notice: Notice): Promise<"sent" | "skipped"> {
  const target = await noticeTarget(deps.db, deps.keyring, notice, !!deps.transports.sms, { kind: "system" });
  if (!target) return "skipped";

  const language = isLanguageCode(target.language) ? target.language : "sv";
  const t = await translator(language, "notices");
  const vars = { municipality: deps.municipality, url: deps.myPagesUrl };
  const text = t(`${notice.kind}.body`, vars);

  if (target.channel === "sms" && deps.transports.sms) await deps.transports.sms({ to: target.to, text });
  else if (target.channel === "email")
    await deps.transports.email({
      to: target.to,
      subject: t("subject", vars),
      text: `${text}\n\n${t("footer", vars)}`,
    });
  else return "skipped";
  deps.logger.info({ kind: notice.kind, source: target.source }, "notice sent");
  return "sent";
}

export async function startNoticeWorker(boss: PgBoss, deps: NoticeDependencies): Promise<void> {
  await ensureNoticeQueue(boss);
  // One job per batch: a failed notice must not make its neighbours retry.
  await boss.work<Notice>(NOTICE_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    await sendNotice(deps, job!.data);
  });
}
