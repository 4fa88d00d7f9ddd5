import { useTranslation } from "react-i18next";

const done = new Set(["registered", "closed"]);
const attention = new Set(["supplement_requested", "declined", "awaiting_confirmation"]);

/** A submission's status as a person reads it. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation("mypages");
  const tone = done.has(status) ? " done" : attention.has(status) ? " attention" : "";
  return <strong className={`tag${tone}`}>{t(`status.${status}`)}</strong>;
}
