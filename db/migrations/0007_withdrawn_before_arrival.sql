ALTER TABLE "submission" DROP CONSTRAINT "submission_arrival";--> statement-breakpoint
ALTER TABLE "submission" ADD CONSTRAINT "submission_arrival" CHECK ("submission"."status" = 'withdrawn' or ("submission"."status" in ('awaiting_confirmation', 'declined')) = ("submission"."submitted_at" is null));--> statement-breakpoint
-- Earlier, a co-applicant's late answer expired their invitation but left the submission waiting
-- for ever: end those as not confirmed, as the expiry job now does.
INSERT INTO "submission_event" ("submission_id", "kind", "visible_to_person")
SELECT s."id", 'confirmation_expired', true FROM "submission" s
WHERE s."status" = 'awaiting_confirmation'
  AND NOT EXISTS (SELECT 1 FROM "submission_party" p WHERE p."submission_id" = s."id" AND p."status" = 'invited');--> statement-breakpoint
UPDATE "submission" SET "status" = 'declined'
WHERE "status" = 'awaiting_confirmation'
  AND NOT EXISTS (SELECT 1 FROM "submission_party" p WHERE p."submission_id" = "submission"."id" AND p."status" = 'invited');--> statement-breakpoint
-- Submissions that ended without arriving were never given a deletion date: give them one, counted
-- from now, as retention now does when they end.
UPDATE "submission" SET "retain_until" = now() + make_interval(days => coalesce(
  (SELECT r."after_registration_days" FROM "retention_setting" r WHERE r."service_id" = "submission"."service_id"), 30))
WHERE "retain_until" IS NULL AND "submitted_at" IS NULL AND "status" IN ('declined', 'withdrawn');
