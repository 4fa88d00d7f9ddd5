-- The unit's own list (issue 16): a municipality may keep a service's submissions out of the case
-- system (SAMARBETSSAMTAL_REGISTRATION=unit). Such a submission gets a row here instead of a robot
-- queue item; the robot never sees it. Later news (a message, a withdrawal) reopens the row.
CREATE TABLE "unit_item" (
	"submission_id" uuid PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"service_id" text NOT NULL,
	"reference" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"news_at" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"handled_by" text
);
--> statement-breakpoint
ALTER TABLE "unit_item" ADD CONSTRAINT "unit_item_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_item_open_idx" ON "unit_item" USING btree ("queue","created_at") WHERE "unit_item"."handled_at" is null;
