import { z } from "zod";

/** "HH:MM" on a 24-hour clock. */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:MM");

/** Weekdays as ISO numbers: 1 = Monday … 7 = Sunday. */
const weekday = z.number().int().min(1).max(7);

const openingPeriod = z
  .object({ days: z.array(weekday).min(1), opens: clockTime, closes: clockTime })
  .refine((p) => p.opens < p.closes, "opens must be before closes");

const phone = z.string().regex(/^\+?[\d\s-]{5,20}$/, "a phone number");

/** What the portal knows about the municipality it serves, from a JSON file. */
export const municipalitySchema = z.object({
  name: z.string().min(2).max(80),
  /** The committee responsible for the social services (personuppgiftsansvarig). */
  committee: z.string().min(2).max(120),
  logo: z.object({
    src: z
      .string()
      .startsWith("/")
      .or(z.url({ protocol: /^https$/ })),
  }),
  timeZone: z.string().default("Europe/Stockholm"),
  contact: z.object({
    phone,
    email: z.email(),
    postalAddress: z.string().max(200),
    visitingAddress: z.string().max(200),
  }),
  /** When the social services' reception answers; lunch closures are gaps between periods. */
  officeHours: z.array(openingPeriod).min(1),
  socialjour: z.object({ phone }),
  dataProtectionOfficer: z.object({ email: z.email() }),
  /**
   * The municipality's schools and preschools, so reports of concern can be counted by unit.
   * Ids are stable: figures are grouped by them.
   */
  units: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{1,60}$/),
        name: z.string().min(1).max(120),
        type: z.enum(["forskola", "skola", "fritidshem"]),
      }),
    )
    .default([]),
  accessibility: z.object({
    /** ISO date the statement was last reviewed. */
    reviewed: z.iso.date(),
    /** Where to report an accessibility problem. */
    feedbackEmail: z.email(),
  }),
});

export type Municipality = z.infer<typeof municipalitySchema>;
export type OpeningPeriod = z.infer<typeof openingPeriod>;
export type Unit = Municipality["units"][number];
