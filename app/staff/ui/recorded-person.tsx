import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatIdentityNumber } from "~/auth/personnummer";
import type { RecordedPerson } from "~/intake/recorded-person.server";
import { useStaffFormat } from "./format";

/** The person as staff recorded them for an assisted or paper submission. */
export function RecordedPersonList({ person }: { person: RecordedPerson }) {
  const { t } = useTranslation("staff");
  const f = useStaffFormat();
  const rows: [string, ReactNode][] = [
    [t("person.channel"), t(`channels.${person.channel}`)],
    [t("person.recordedBy"), person.recordedBy],
  ];
  if (person.name !== null || person.personnummer !== null || person.birthDate !== null) {
    rows.push([t("person.name"), person.name ?? "–"]);
    rows.push([
      t("person.pnr"),
      person.personnummer ? (
        <span className="ltr">{formatIdentityNumber(person.personnummer)}</span>
      ) : (
        t("person.noNumber")
      ),
    ]);
    rows.push([t("person.birthDate"), person.birthDate ? f.date(`${person.birthDate}T12:00:00Z`) : "–"]);
    rows.push([t("person.phone"), person.phone ? <span className="ltr">{person.phone}</span> : "–"]);
    rows.push([t("person.email"), person.email ? <span className="ltr">{person.email}</span> : "–"]);
    rows.push([t("person.address"), person.address ?? "–"]);
    rows.push([t("person.language"), person.language ?? "–"]);
    rows.push([t("person.interpreter"), person.interpreter === null ? "–" : person.interpreter ? t("yes") : t("no")]);
  } else rows.push([t("person.name"), t("person.fromSteps")]);
  return (
    <dl className="summary-list">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
