CREATE TABLE "assisted_intake" (
	"draft_id" uuid PRIMARY KEY NOT NULL,
	"service_id" text NOT NULL,
	"channel" text NOT NULL,
	"staff_subject" text NOT NULL,
	"person_id" uuid,
	"person_sealed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_attendance" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"marked_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_up_fact" (
	"submission_id" uuid PRIMARY KEY NOT NULL,
	"service_id" text NOT NULL,
	"channel" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"facts" jsonb NOT NULL,
	"retired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retention_setting" (
	"service_id" text PRIMARY KEY NOT NULL,
	"after_registration_days" integer NOT NULL,
	"draft_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "retention_setting_positive" CHECK ("retention_setting"."after_registration_days" > 0 and "retention_setting"."draft_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "assisted_intake" ADD CONSTRAINT "assisted_intake_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_attendance" ADD CONSTRAINT "booking_attendance_booking_id_booking_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."booking"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assisted_intake_staff_idx" ON "assisted_intake" USING btree ("staff_subject");--> statement-breakpoint
CREATE INDEX "follow_up_fact_submitted_idx" ON "follow_up_fact" USING btree ("submitted_at");