import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isLanguageCode } from "~/i18n/languages";
import { formatAnswer } from "../format-answer";
import type { ReviewSection } from "../review.server";

/** Answers that read left to right in every script: numbers people type and compare. */
const LEFT_TO_RIGHT = new Set(["personnummer", "phone", "email", "amount", "integer"]);

/** Answers as a definition list. Outside check-your-answers, other people's numbers are masked. */
export function AnswerList({
  serviceId,
  section,
  changeLinks,
  coParty = false,
}: {
  serviceId: string;
  section: ReviewSection;
  changeLinks: boolean;
  /** Read by a co-party: a service may word a question to them ("your personnummer"). */
  coParty?: boolean;
}) {
  const { t, i18n } = useTranslation([serviceId, "forms"]);
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const empty = section.groups.every((rows) => rows.length === 0);
  if (empty) {
    return (
      <dl className="answers">
        <div className="row">
          <dt>{t(`${serviceId}:steps.${section.stepId}.title`)}</dt>
          <dd>{t("forms:noAnswer")}</dd>
          {changeLinks ? (
            <dd>
              <Link to={section.change}>{t("forms:change")}</Link>
            </dd>
          ) : null}
        </div>
      </dl>
    );
  }
  return (
    <>
      {section.groups.map((rows, index) => (
        <div key={index}>
          {section.groups.length > 1 ? (
            <h3>{t(`${serviceId}:steps.${section.stepId}.item`, { number: index + 1 })}</h3>
          ) : null}
          <dl className="answers">
            {rows.map((row) => {
              const base = `${serviceId}:fields.${section.stepId}.${row.fieldId}`;
              const label = coParty
                ? t([`${serviceId}:coParty.fields.${section.stepId}.${row.fieldId}.label`, `${base}.label`])
                : t(`${base}.label`);
              return (
                <div className="row" key={row.fieldId}>
                  <dt>{label}</dt>
                  <dd>
                    {/* Isolated, so numbers, times and Latin names keep their order inside Arabic and Persian. */}
                    <bdi className={LEFT_TO_RIGHT.has(row.kind) ? "ltr" : undefined}>
                      {formatAnswer(row.kind, row.value, { t, language, base, maskIdentityNumbers: !changeLinks })}
                    </bdi>
                  </dd>
                  {changeLinks ? (
                    <dd>
                      <Link to={section.change}>
                        {t("forms:change")}
                        <span className="visually-hidden"> {label}</span>
                      </Link>
                    </dd>
                  ) : null}
                </div>
              );
            })}
          </dl>
        </div>
      ))}
    </>
  );
}

/** A step that asked one question needs no heading above its one answer. */
export const isSingleAnswer = (section: ReviewSection) =>
  section.groups.length <= 1 && (section.groups[0]?.length ?? 0) <= 1;
