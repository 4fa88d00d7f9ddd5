import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { timeFormats } from "./format";
import type { SlotView } from "./slots";

/** Where a time is held, as a parent may be told: digital, an address, or "the unit tells you by phone". */
export const placeText = (t: TFunction, slot: { mode: string; location: string | null }) =>
  slot.mode === "digitalt"
    ? t("steps.tid.digital")
    : slot.location
      ? t("steps.tid.at", { location: slot.location })
      : t("steps.tid.placeByPhone");

/**
 * One free time as a radio, on the booking step and on the page for moving a booked time: the
 * time, "Första lediga tid" on the first, where and how long as its hint.
 */
export function SlotChoice({
  slot,
  input,
  first,
}: {
  slot: SlotView;
  input: InputHTMLAttributes<HTMLInputElement> & { id: string };
  first: boolean;
}) {
  const { t, i18n } = useTranslation("samarbetssamtal");
  const format = timeFormats(i18n.language);
  const hint = `${input.id}-hint`;
  return (
    <div className="choice">
      <input {...input} aria-describedby={[input["aria-describedby"], hint].filter(Boolean).join(" ")} />
      <div>
        <label htmlFor={input.id}>
          <span className="ltr">{format.range(slot.startsAt, slot.minutes)}</span>
          {/* A space, or the tag sticks to the time on screen and in the radio's name. */}
          {first ? (
            <>
              {" "}
              <strong className="tag">{t("steps.tid.first")}</strong>
            </>
          ) : null}
        </label>
        <div className="hint" id={hint}>
          {placeText(t, slot)} · {t("steps.tid.minutes", { minutes: slot.minutes })}
        </div>
      </div>
    </div>
  );
}
