import type PgBoss from "pg-boss";
import type { Executor } from "#db/connect";
import type { Logger } from "../logger.server";
import { inTransaction, sendJob } from "../queue/boss.server";
import type { Transports } from "./transports.server";

/**
 * An acute report of concern is first in its queue, and someone must look now: this alert goes
 * to the reception's address and/or webhook with the reference and the queue only, never who
 * or what the report is about. Written in the submission's transaction, retried until sent.
 */

export const ACUTE_ALERT_QUEUE = "acute-alert";

export interface AcuteAlert {
  reference: string;
  queue: string;
}

export interface AcuteAlertTargets {
  emails: string[];
  webhook?: URL;
}

export async function enqueueAcuteAlert(tx: Executor, boss: PgBoss, alert: AcuteAlert): Promise<void> {
  await sendJob(boss, ACUTE_ALERT_QUEUE, { ...alert }, { ...inTransaction(tx), priority: 100 });
}

export async function sendAcuteAlert(
  targets: AcuteAlertTargets,
  transports: Transports,
  staffUrl: URL,
  alert: AcuteAlert,
) {
  const text = `En akut orosanmälan har kommit in och ligger först i kön "${alert.queue}".\nReferens: ${alert.reference}\nÖppna kön nu: ${staffUrl.href}\n\nAv sekretesskäl står inget om vem anmälan gäller i det här meddelandet.`;
  for (const to of targets.emails) await transports.email({ to, subject: `Akut orosanmälan ${alert.reference}`, text });
  if (targets.webhook) {
    const response = await fetch(targets.webhook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "acute_report",
        reference: alert.reference,
        queue: alert.queue,
        url: staffUrl.href,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`the acute alert webhook answered ${response.status}`);
  }
}

export async function ensureAcuteAlertQueue(boss: PgBoss) {
  if (!(await boss.getQueue(ACUTE_ALERT_QUEUE))) {
    await boss.createQueue(ACUTE_ALERT_QUEUE, {
      name: ACUTE_ALERT_QUEUE,
      retryLimit: 20,
      retryDelay: 10,
      retryBackoff: true,
    });
  }
}

export async function startAcuteAlertWorker(
  boss: PgBoss,
  deps: { targets: AcuteAlertTargets; transports: Transports; staffUrl: URL; logger: Logger },
) {
  await ensureAcuteAlertQueue(boss);
  await boss.work<AcuteAlert>(ACUTE_ALERT_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    await sendAcuteAlert(deps.targets, deps.transports, deps.staffUrl, job!.data);
    deps.logger.info({ reference: job!.data.reference }, "acute alert sent");
  });
}
