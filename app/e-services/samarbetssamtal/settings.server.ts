import { z } from "zod";
import { eServiceSettings } from "~/e-services/module.server";
import { variable } from "~/settings/variables";

/** How the municipality runs the booking and who registers a request: read from the environment at start-up. */
export const bookingSettings = eServiceSettings(
  "samarbetssamtal",
  {
    BOOKING_CANCEL_CUTOFF_HOURS: variable(
      z.coerce.number().int().min(0).max(336).default(24),
      "the hours (0 to 336) before a booked talk after which it can no longer be cancelled or rebooked online",
    ),
    BOOKING_JOB_INTERVAL_SECONDS: variable(
      z.coerce.number().int().min(1).max(3600).default(60),
      "the seconds (1 to 3600) between runs of the booking job that invites the other parent and schedules reminders",
    ),
    BOOKING_AUTO_INVITE: variable(
      z.enum(["off", "when-safe"]).default("off"),
      "off (the unit screens every samarbetssamtal request before the other parent is invited) or when-safe (requests where the requester answered safe on both counts invite at once)",
    ),
    SAMARBETSSAMTAL_REGISTRATION: variable(
      z.enum(["robot", "unit"]).default("robot"),
      "robot (samarbetssamtal requests go to the robot queue and are registered in the case system) or unit (they stay on the family-law unit's own list in the staff console, never reaching the robot or the case system)",
    ),
  },
  (values) => ({
    cancelCutoffHours: values.BOOKING_CANCEL_CUTOFF_HOURS,
    jobIntervalSeconds: values.BOOKING_JOB_INTERVAL_SECONDS,
    autoInvite: values.BOOKING_AUTO_INVITE,
    registration: values.SAMARBETSSAMTAL_REGISTRATION,
  }),
  (settings) => settings.registration === "unit",
);
