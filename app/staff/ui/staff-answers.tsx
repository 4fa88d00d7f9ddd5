import { useTranslation } from "react-i18next";
import { isLanguageCode } from "~/i18n/languages";
import { formatAnswer } from "~/intake/format-answer";
import type { ReviewSection } from "~/intake/review.server";
import { isSingleAnswer } from "~/intake/ui/answer-list";

/** A submission's answers as staff read them: every step, identity numbers unmasked. */
export function StaffAnswers({ sections, serviceId }: { sections: ReviewSection[]; serviceId: string }) {
  const { t, i18n } = useTranslation("staff");
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const ns = serviceId;
  return (
    <div className="answers-staff">
      {sections.map((section) => (
        <section key={section.stepId} aria-labelledby={`s-${section.stepId}`}>
          {/* A step that asked one question is named by that question; others get a heading. */}
          <h3 id={`s-${section.stepId}`} className={isSingleAnswer(section) ? "visually-hidden" : undefined}>
            {t(`${ns}:steps.${section.stepId}.title`)}
          </h3>
          {section.groups.map((rows, index) => (
            <dl className="answers" key={index}>
              {rows.length === 0 ? (
                <div className="row">
                  <dt>{t(`${ns}:steps.${section.stepId}.title`)}</dt>
                  <dd>{t("forms:noAnswer")}</dd>
                </div>
              ) : (
                rows.map((row) => {
                  const base = `${ns}:fields.${section.stepId}.${row.fieldId}`;
                  return (
                    <div className="row" key={row.fieldId}>
                      <dt>{t(`${base}.label`)}</dt>
                      <dd>{formatAnswer(row.kind, row.value, { t, language, base, maskIdentityNumbers: false })}</dd>
                    </div>
                  );
                })
              )}
            </dl>
          ))}
        </section>
      ))}
    </div>
  );
}
