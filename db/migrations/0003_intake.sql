CREATE TABLE "attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"draft_id" uuid,
	"submission_id" uuid,
	"message_id" uuid,
	"rule_id" text,
	"filename_sealed" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"key_id" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"nonce_prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "dev_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" text NOT NULL,
	"service_version" integer NOT NULL,
	"person_id" uuid,
	"anonymous_token_hash" text,
	"answers_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "draft_owner" CHECK (("draft"."person_id" is null) <> ("draft"."anonymous_token_hash" is null))
);
--> statement-breakpoint
CREATE TABLE "message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"kind" text DEFAULT 'message' NOT NULL,
	"author_kind" text NOT NULL,
	"author_id" text,
	"body_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"idempotency_key" text,
	CONSTRAINT "message_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "person_contact" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"email_sealed" text,
	"phone_sealed" text,
	"notify_by" text DEFAULT 'email' NOT NULL,
	"language" text DEFAULT 'sv' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submission" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"draft_id" uuid NOT NULL,
	"service_id" text NOT NULL,
	"service_version" integer NOT NULL,
	"person_id" uuid,
	"channel" text NOT NULL,
	"answers_sealed" text NOT NULL,
	"status" text NOT NULL,
	"queue" text NOT NULL,
	"priority" integer NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"registered_at" timestamp with time zone,
	"case_number" text,
	"case_system" text,
	"retain_until" timestamp with time zone,
	CONSTRAINT "submission_reference_unique" UNIQUE("reference"),
	CONSTRAINT "submission_draft_id_unique" UNIQUE("draft_id"),
	CONSTRAINT "submission_arrival" CHECK (("submission"."status" in ('awaiting_confirmation', 'declined')) = ("submission"."submitted_at" is null))
);
--> statement-breakpoint
CREATE TABLE "submission_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"submission_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"visible_to_person" boolean NOT NULL,
	"details" jsonb,
	"idempotency_key" text,
	CONSTRAINT "submission_event_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "submission_party" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"role" text NOT NULL,
	"pnr_lookup" text NOT NULL,
	"person_id" uuid,
	"status" text NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "submission_party_submission_id_pnr_lookup_unique" UNIQUE("submission_id","pnr_lookup")
);
--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_draft_id_draft_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."draft"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_message_id_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."message"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft" ADD CONSTRAINT "draft_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_contact" ADD CONSTRAINT "person_contact_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission" ADD CONSTRAINT "submission_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_event" ADD CONSTRAINT "submission_event_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_party" ADD CONSTRAINT "submission_party_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_party" ADD CONSTRAINT "submission_party_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_draft_idx" ON "attachment" USING btree ("draft_id");--> statement-breakpoint
CREATE INDEX "attachment_submission_idx" ON "attachment" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "attachment_person_rule_idx" ON "attachment" USING btree ("person_id","rule_id");--> statement-breakpoint
CREATE INDEX "draft_person_idx" ON "draft" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "draft_expires_idx" ON "draft" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "message_submission_idx" ON "message" USING btree ("submission_id","created_at");--> statement-breakpoint
CREATE INDEX "submission_person_idx" ON "submission" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "submission_status_idx" ON "submission" USING btree ("status");--> statement-breakpoint
CREATE INDEX "submission_event_submission_idx" ON "submission_event" USING btree ("submission_id","at");--> statement-breakpoint
CREATE INDEX "submission_party_lookup_idx" ON "submission_party" USING btree ("pnr_lookup","status");