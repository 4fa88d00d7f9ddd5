import { useTranslation } from "react-i18next";

/** A bulleted list whose items are a translation array (a "returnObjects" key). */
export function TextList({ k, ns }: { k: string; ns?: string }) {
  const { t } = useTranslation(ns);
  return (
    <ul>
      {(t(k, { returnObjects: true }) as string[]).map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
