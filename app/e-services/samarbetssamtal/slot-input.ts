import { z } from "zod";
import type { NewSlot } from "./unit-actions.server";
import { TIME_ZONE, zonedInstant } from "~/municipality/time";
import { slotModes, talkKinds } from "./slots";

/**
 * A bookable time as the unit writes it, on the slot page or in an import file: a local date and
 * time in the municipality's time zone, a length, the kind of talk and where it is held.
 */
export const slotRecordSchema = z
  .object({
    date: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD"),
    time: z
      .string()
      .trim()
      .regex(/^\d{1,2}[:.]\d{2}$/, "time must be HH:MM"),
    minutes: z.coerce.number().int().min(15).max(480),
    kind: z.enum(talkKinds),
    mode: z.enum(slotModes),
    location: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((s) => (s ? s : undefined)),
  })
  .superRefine((value, ctx) => {
    if (value.mode === "fysiskt" && !value.location)
      ctx.addIssue({ code: "custom", path: ["location"], message: "a physical talk needs a location" });
  });

export type SlotRecord = z.infer<typeof slotRecordSchema>;

/** The instant a record names, or why it cannot be used: a time that does not exist, or one already past. */
export function toNewSlot(
  record: SlotRecord,
  now: Date,
  timeZone = TIME_ZONE,
): { ok: true; slot: NewSlot } | { ok: false; field: "date" | "time"; reason: "invalid" | "past" } {
  const startsAt = zonedInstant(record.date, record.time.replace(".", ":"), timeZone);
  if (!startsAt) return { ok: false, field: "time", reason: "invalid" };
  if (startsAt <= now) return { ok: false, field: "date", reason: "past" };
  return {
    ok: true,
    slot: {
      startsAt,
      minutes: record.minutes,
      kind: record.kind,
      mode: record.mode,
      location: record.mode === "fysiskt" ? (record.location ?? null) : null,
    },
  };
}

export type SlotFormErrors = Partial<
  Record<"date" | "time" | "minutes" | "kind" | "mode" | "location" | "count", string>
>;

const MAX_SERIES = 12;

/**
 * The slot page's form: one time, or several back to back ("count"). Errors are message keys
 * under staff.errors, by field.
 */
export function parseSlotForm(
  form: URLSearchParams,
  timeZone: string,
  now: Date,
): { ok: true; slots: NewSlot[] } | { ok: false; errors: SlotFormErrors; values: Record<string, string> } {
  const names = ["date", "time", "minutes", "kind", "mode", "location", "count"] as const;
  const values = Object.fromEntries(names.map((n) => [n, (form.get(n) ?? "").slice(0, 200)]));
  const errors: SlotFormErrors = {};
  const parsed = slotRecordSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof SlotFormErrors;
      errors[field] ??= values[field] ? "invalid" : "required";
    }
  }
  const count = values.count ? Number(values.count) : 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SERIES) errors.count = "count";
  if (!parsed.success || errors.count) return { ok: false, errors, values };
  const first = toNewSlot(parsed.data, now, timeZone);
  if (!first.ok) return { ok: false, errors: { [first.field]: first.reason }, values };
  const slots = Array.from({ length: count }, (_, i) => ({
    ...first.slot,
    startsAt: new Date(first.slot.startsAt.getTime() + i * first.slot.minutes * 60_000),
  }));
  return { ok: true, slots };
}
