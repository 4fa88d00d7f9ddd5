-- Screening before invitation (issue 16): a request waits in "screening" until staff release it.
ALTER TABLE "booking_request" ADD COLUMN "screened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "booking_request" ADD COLUMN "screened_by" text;--> statement-breakpoint
ALTER TABLE "booking_request" ADD COLUMN "separate" boolean;--> statement-breakpoint
ALTER TABLE "booking_request" ADD COLUMN "requester_day_parity" smallint;--> statement-breakpoint
ALTER TABLE "booking_request" ADD CONSTRAINT "booking_request_day_parity" CHECK ("booking_request"."requester_day_parity" in (0, 1));--> statement-breakpoint
-- Requests not yet invited wait for the unit like new ones: nobody is invited unscreened.
UPDATE "booking_request" SET "invitation_state" = 'screening' WHERE "invitation_state" = 'pending';
