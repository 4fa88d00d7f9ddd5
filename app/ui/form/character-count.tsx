import { useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale, isLanguageCode } from "~/i18n/languages";
import { useHydrated } from "../use-hydrated";

/** Characters as the server counts them: a line break is one. */
const countOf = (text: string) => text.replace(/\r\n/g, "\n").length;

/**
 * A long text's limit (the GOV.UK character count): the limit is stated as a hint, which is all
 * there is without JavaScript, and with it a polite live count of what is left, or how many too
 * many. The textarea itself has no maxLength, so a paste beyond the limit is never cut silently;
 * the server refuses it with the same figures and gives the text back.
 */
export function useCharacterCount(max: number, initial: string) {
  const { t, i18n } = useTranslation("forms");
  const [typed, setTyped] = useState<{ initial: string; length: number } | null>(null);
  // Only after hydration: the server's page (and a page without JavaScript) shows the limit alone.
  // What was typed counts until the page gives a new text (the server gave it back refused).
  const hydrated = useHydrated();
  const length = !hydrated ? null : typed?.initial === initial ? typed.length : countOf(initial);
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const number = (n: number) => new Intl.NumberFormat(intlLocale(language)).format(n);
  return {
    onInput: (event: { currentTarget: HTMLTextAreaElement }) =>
      setTyped({ initial, length: countOf(event.currentTarget.value) }),
    limit: t("characterCount.limit", { max: number(max) }),
    status:
      length === null
        ? null
        : length > max
          ? { over: true, text: t("characterCount.over", { n: number(length - max) }) }
          : { over: false, text: t("characterCount.remaining", { n: number(max - length) }) },
  };
}

export function CharacterCountStatus({ id, status }: { id: string; status: { over: boolean; text: string } | null }) {
  return (
    <div id={id} className={status?.over ? "hint character-count-over" : "hint"} aria-live="polite">
      {status?.text ?? ""}
    </div>
  );
}
