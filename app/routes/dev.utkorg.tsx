import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { desc } from "drizzle-orm";
import { useTranslation } from "react-i18next";
import { devOutbox } from "#db/schema";

export const handle = { i18n: ["mypages"], title: "mypages:outbox.title" };

/** The development mail and SMS sink: what would have been sent. Absent when a real mail server is set. */
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.services.config.notices.devSink) throw data(null, { status: 404 });
  const rows = await context.services.database.db.select().from(devOutbox).orderBy(desc(devOutbox.id)).limit(100);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
  }));
}

export default function DevOutbox() {
  const { t } = useTranslation("mypages");
  const messages = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p className="lead">{t("outbox.intro")}</p>
      {messages.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      {messages.map((m) => (
        <section key={m.id} className="inset" aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>
            {m.channel === "email" ? t("outbox.email") : t("outbox.sms")}: <span className="ltr">{m.recipient}</span>
          </h2>
          <p className="secondary">{m.at}</p>
          {m.subject ? (
            <p>
              <strong>{m.subject}</strong>
            </p>
          ) : null}
          <p className="message-body">{m.body}</p>
        </section>
      ))}
    </>
  );
}
