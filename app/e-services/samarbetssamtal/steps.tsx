import { useTranslation } from "react-i18next";
import type { StepPageData } from "~/intake/step-route.server";
import type { SlotStepData, TalkStepData } from "./definition.server";
import { timeFormats } from "./format";
import { placeText, SlotChoice } from "./slot-choice";

const NS = "samarbetssamtal";

function ProblemMessage({ id, message }: { id: string; message: string | null }) {
  const { t } = useTranslation("forms");
  return message ? (
    <p id={id} className="error-message">
      <span className="visually-hidden">{t("errorPrefix")}</span> {message}
    </p>
  ) : null;
}

function useProblem(page: StepPageData, field: string) {
  const { t } = useTranslation([NS, "forms"]);
  const problem = page.problems.find((p) => p.field === field);
  return problem
    ? t(
        [`${NS}:fields.${page.stepId}.${field}.errors.${problem.error}`, `forms:errors.${problem.error}`],
        problem.params,
      )
    : null;
}

/** Which talk: samarbetssamtal or informationssamtal. An invited parent's is the request's, fixed. */
export function TalkStep({ page }: { page: StepPageData }) {
  const { t } = useTranslation("samarbetssamtal");
  const data = page.custom as TalkStepData;
  const error = useProblem(page, "kind");
  if (data.invited) {
    return (
      <div className="inset">
        <p>{t("steps.samtal.invited", { talk: t(`talkInSentence.${data.kind ?? "samarbetssamtal"}`) })}</p>
      </div>
    );
  }
  const options = ["samarbetssamtal", "informationssamtal"] as const;
  return (
    <div className={`form-group${error ? " form-group-error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={error ? "f-kind-error" : undefined}>
        <legend className="legend">{t("fields.samtal.kind.label")}</legend>
        <ProblemMessage id="f-kind-error" message={error} />
        <div className="radios">
          {options.map((option, i) => (
            <div className="choice" key={option}>
              <input
                type="radio"
                id={i === 0 ? "f-kind" : `f-kind-${i}`}
                name="kind"
                value={option}
                defaultChecked={data.kind === option}
                aria-describedby={`f-kind-${i}-hint`}
              />
              <div>
                <label htmlFor={i === 0 ? "f-kind" : `f-kind-${i}`}>{t(`fields.samtal.kind.options.${option}`)}</label>
                <div className="hint" id={`f-kind-${i}-hint`}>
                  {t(`fields.samtal.kind.hints.${option}`)}
                </div>
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/**
 * The free times, grouped by day: one fieldset per day with the day as its legend, one radio per
 * time, the first free time first. Always a way on without a time: the request goes to the unit.
 */
export function SlotStep({ page }: { page: StepPageData }) {
  const { t, i18n } = useTranslation("samarbetssamtal");
  const data = page.custom as SlotStepData;
  const format = timeFormats(i18n.language);
  const error = useProblem(page, "slot");
  const firstId = data.groups[0]?.slots[0]?.id;
  let index = 0;
  const nextId = () => (index++ === 0 ? "f-slot" : `f-slot-${index - 1}`);
  const radioProps = (value: string) => {
    const id = nextId();
    return {
      id,
      type: "radio" as const,
      name: "slot",
      value,
      defaultChecked: data.chosen === value,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": error && id === "f-slot" ? "f-slot-error" : undefined,
    };
  };

  return (
    <div className={`form-group${error ? " form-group-error" : ""}`}>
      {data.separate ? <p>{t("steps.tid.separate")}</p> : null}
      {data.interpreter ? <p>{t("steps.tid.interpreter", { minutes: data.minutes })}</p> : null}
      {data.protected ? <p>{t("steps.tid.protected")}</p> : null}
      {!data.firstWithinTarget ? (
        <div className="notice" role="note">
          <h2>{t("steps.tid.noneWithinTitle")}</h2>
          <p>{t("steps.tid.noneWithinBody")}</p>
        </div>
      ) : null}
      <ProblemMessage id="f-slot-error" message={error} />

      {data.joint
        ? (() => {
            const props = radioProps("gemensam");
            const joint = data.joint;
            return (
              <fieldset className="fieldset">
                <legend className="legend">{t("steps.tid.jointLegend")}</legend>
                <div className="radios">
                  <div className="choice">
                    <input {...props} />
                    <div>
                      <label htmlFor={props.id}>
                        {t("steps.tid.jointOption", {
                          date: format.date(joint.startsAt),
                          time: format.range(joint.startsAt, joint.minutes),
                        })}
                      </label>
                      <div className="hint">{placeText(t, joint)}</div>
                    </div>
                  </div>
                </div>
              </fieldset>
            );
          })()
        : null}

      {data.groups.length ? <h2>{t(data.joint ? "steps.tid.ownTitle" : "steps.tid.listTitle")}</h2> : null}
      {data.groups.map((group) => (
        <fieldset className="fieldset" key={group.day}>
          <legend className="legend">{format.day(group.day)}</legend>
          <div className="radios">
            {group.slots.map((slot) => (
              <SlotChoice key={slot.id} slot={slot} first={slot.id === firstId} input={radioProps(slot.id)} />
            ))}
          </div>
        </fieldset>
      ))}

      <fieldset className="fieldset">
        <legend className="legend">
          {t(data.groups.length || data.joint ? "steps.tid.noneFitsLegend" : "steps.tid.noneLegend")}
        </legend>
        <div className="radios">
          <div className="choice">
            {(() => {
              const props = radioProps("ingen");
              return (
                <>
                  <input {...props} />
                  <label htmlFor={props.id}>{t("steps.tid.noTime")}</label>
                </>
              );
            })()}
          </div>
        </div>
      </fieldset>
    </div>
  );
}
