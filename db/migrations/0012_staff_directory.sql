-- Names, not ids (issue 18): each staff subject's display name, recorded at staff login from the
-- identity provider's claims, so events and the audit log can name who acted.
CREATE TABLE "staff_member" (
	"subject" text PRIMARY KEY NOT NULL,
	"name_sealed" text,
	"first_login_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Manual handling (issue 18): who has taken an item waiting for a person, so two do not handle it at once.
ALTER TABLE "robot_item" ADD COLUMN "taken_by" text;--> statement-breakpoint
ALTER TABLE "robot_item" ADD COLUMN "taken_at" timestamp with time zone;
