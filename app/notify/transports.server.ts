import nodemailer from "nodemailer";
import type { Executor } from "#db/connect";
import { devOutbox } from "#db/schema";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface OutgoingSms {
  to: string;
  text: string;
}

/** Where notices go out. A failure throws, and the notice job is retried later. */
export interface Transports {
  email(message: OutgoingEmail): Promise<void>;
  /** Absent when the installation sends no text messages. */
  sms?(message: OutgoingSms): Promise<void>;
}

export type TransportConfig = {
  smtpUrl?: string;
  mailFrom: string;
  smsGateway?: { url: string; token?: string };
  sms: boolean;
};

/** SMTP through nodemailer and an HTTP SMS gateway; the development sink for whichever is unset. */
export function createTransports(config: TransportConfig, db: Executor): Transports {
  const smtp = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  const sink = (channel: "email" | "sms", recipient: string, subject: string | null, body: string) =>
    db
      .insert(devOutbox)
      .values({ channel, recipient, subject, body })
      .then(() => undefined);

  const email: Transports["email"] = async (message) => {
    if (!smtp) return sink("email", message.to, message.subject, message.text);
    await smtp.sendMail({ from: config.mailFrom, to: message.to, subject: message.subject, text: message.text });
  };
  if (!config.sms) return { email };
  return {
    email,
    async sms(message) {
      const gateway = config.smsGateway;
      if (!gateway) return sink("sms", message.to, null, message.text);
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(gateway.token ? { authorization: `Bearer ${gateway.token}` } : {}),
        },
        body: JSON.stringify({ to: message.to, message: message.text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
  };
}
