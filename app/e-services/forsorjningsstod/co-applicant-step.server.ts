import type { CustomStep } from "~/intake/definition";
import { personnummer, yesNo } from "~/intake/fields";
import { asFieldError, CO_APPLICANT_INPUT as INPUT, serviceError, WITHOUT_PARTNER_INPUT } from "./answers";

/**
 * The co-applicant's personnummer, drawn by co-applicant-step.tsx. It is a custom step only
 * because refusing the applicant's own number needs the applicant's number (JourneyContext.pnr),
 * which a custom step's `read` gets and a plain step's `check` does not. Everything else is the
 * engine's personnummer field: the same parsing, the same stored 12 digits.
 *
 * The input is named CO_APPLICANT_INPUT, not "pnr" (the stored answer's name). The engine puts a custom
 * step's problems both on the field of that name and in the page's own list, and the error
 * summary would then show each twice; under another name it shows once, linking to #f-INPUT.
 *
 * Instead of the number, the applicant may tick that they cannot involve their partner because
 * of violence or threat: then no number is kept, the partner is asked nothing, and the unit is
 * told to contact the applicant safely (the definition's routing flag).
 */

/** How much of what was typed is shown back after a refusal. */
const TYPED_MAX = 20;

export const pnrField = personnummer({ required: false });
export const withoutPartnerField = yesNo({ required: false });

export const coApplicantStep: CustomStep = {
  async load() {
    return null;
  },
  async read(form, context) {
    // Whatever else was typed, a partner's number is not kept when the applicant asks to leave them out.
    if (form.get(WITHOUT_PARTNER_INPUT) === "ja") return { ok: true, values: { [WITHOUT_PARTNER_INPUT]: "ja" } };
    const parsed = pnrField.parse(form, INPUT, { today: context.today, units: [] });
    const typed = (form.get(INPUT) ?? "").trim().slice(0, TYPED_MAX);
    if (!parsed.ok) return { ok: false, problems: [{ field: INPUT, error: parsed.error, params: { typed } }] };
    if (parsed.value === undefined)
      return { ok: false, problems: [{ field: INPUT, error: "required", params: { typed } }] };
    if (context.journey.pnr && parsed.value === context.journey.pnr)
      return {
        ok: false,
        problems: [{ field: INPUT, error: asFieldError(serviceError.sameAsApplicant), params: { typed } }],
      };
    return { ok: true, values: { pnr: parsed.value } };
  },
};
