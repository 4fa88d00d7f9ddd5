CREATE TABLE "robot_item" (
	"id" uuid PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"kind" text NOT NULL,
	"submission_id" uuid NOT NULL,
	"message_id" uuid,
	"reference" text NOT NULL,
	"service_id" text NOT NULL,
	"priority" integer NOT NULL,
	"state" text DEFAULT 'new' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_id" uuid,
	"holder_token_id" uuid,
	"claimed_at" timestamp with time zone,
	"lease_expires_at" timestamp with time zone,
	"case_number" text,
	"case_system" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "robot_item_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"kind" text NOT NULL,
	"token_id" uuid,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "robot_token" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"queues" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "robot_token_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "submission" ADD COLUMN "computed_sealed" text;--> statement-breakpoint
ALTER TABLE "robot_item" ADD CONSTRAINT "robot_item_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "robot_item" ADD CONSTRAINT "robot_item_message_id_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."message"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "robot_item" ADD CONSTRAINT "robot_item_holder_token_id_robot_token_id_fk" FOREIGN KEY ("holder_token_id") REFERENCES "public"."robot_token"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "robot_item_event" ADD CONSTRAINT "robot_item_event_item_id_robot_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."robot_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "robot_item_queue_state_idx" ON "robot_item" USING btree ("queue","state");--> statement-breakpoint
CREATE INDEX "robot_item_submission_idx" ON "robot_item" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "robot_item_lease_idx" ON "robot_item" USING btree ("lease_expires_at") WHERE "robot_item"."state" = 'in_progress';--> statement-breakpoint
CREATE INDEX "robot_item_event_item_idx" ON "robot_item_event" USING btree ("item_id","id");