CREATE TABLE "booking" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"party" text NOT NULL,
	"person_id" uuid,
	"submission_id" uuid NOT NULL,
	"slot_id" uuid NOT NULL,
	"joins_booking_id" uuid,
	"protected" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"booked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"reminder_state" text DEFAULT 'pending' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_choice" (
	"draft_id" uuid PRIMARY KEY NOT NULL,
	"slot_id" uuid,
	"joins_booking_id" uuid,
	"chosen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"party" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"slot_starts_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "booking_request" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"requester_person_id" uuid,
	"requester_submission_id" uuid NOT NULL,
	"requester_joint_ok" boolean NOT NULL,
	"invitee_pnr_lookup" text,
	"invitee_person_id" uuid,
	"invitee_submission_id" uuid,
	"invitee_draft_id" uuid,
	"invitee_status" text DEFAULT 'invited' NOT NULL,
	"invitee_joint_ok" boolean,
	"invitation_channel" text NOT NULL,
	"invitation_state" text NOT NULL,
	"invitee_answered_at" timestamp with time zone,
	CONSTRAINT "booking_request_requester_submission_id_unique" UNIQUE("requester_submission_id"),
	CONSTRAINT "booking_request_invitee_draft_id_unique" UNIQUE("invitee_draft_id")
);
--> statement-breakpoint
CREATE TABLE "booking_slot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"location" text,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "booking_slot_minutes" CHECK ("booking_slot"."minutes" between 15 and 480),
	CONSTRAINT "booking_slot_location" CHECK (("booking_slot"."mode" = 'fysiskt') = ("booking_slot"."location" is not null))
);
--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_request_id_booking_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."booking_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_slot_id_booking_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."booking_slot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_choice" ADD CONSTRAINT "booking_choice_slot_id_booking_slot_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."booking_slot"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_choice" ADD CONSTRAINT "booking_choice_joins_booking_id_booking_id_fk" FOREIGN KEY ("joins_booking_id") REFERENCES "public"."booking"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_event" ADD CONSTRAINT "booking_event_request_id_booking_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."booking_request"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_request" ADD CONSTRAINT "booking_request_requester_person_id_person_id_fk" FOREIGN KEY ("requester_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_request" ADD CONSTRAINT "booking_request_requester_submission_id_submission_id_fk" FOREIGN KEY ("requester_submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_request" ADD CONSTRAINT "booking_request_invitee_person_id_person_id_fk" FOREIGN KEY ("invitee_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_request" ADD CONSTRAINT "booking_request_invitee_submission_id_submission_id_fk" FOREIGN KEY ("invitee_submission_id") REFERENCES "public"."submission"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_slot_live" ON "booking" USING btree ("slot_id") WHERE "booking"."status" = 'booked' and "booking"."joins_booking_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_joint_live" ON "booking" USING btree ("joins_booking_id") WHERE "booking"."status" = 'booked' and "booking"."joins_booking_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_party_live" ON "booking" USING btree ("request_id","party") WHERE "booking"."status" = 'booked';--> statement-breakpoint
CREATE INDEX "booking_submission_idx" ON "booking" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "booking_event_request_idx" ON "booking_event" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "booking_request_invitee_idx" ON "booking_request" USING btree ("invitee_pnr_lookup","invitee_status");--> statement-breakpoint
CREATE INDEX "booking_slot_starts_idx" ON "booking_slot" USING btree ("starts_at");