-- Riksnorm tables kept by the municipality (issue 15): one row per year, typed in the staff
-- console by an administrator, checked against the announced totals, and used by the estimate
-- once published. Holds no personal data; every save and publication is in audit_event.
CREATE TABLE "riksnorm_year" (
	"year" integer PRIMARY KEY NOT NULL,
	"figures" jsonb NOT NULL,
	"announced_single" integer NOT NULL,
	"announced_couple" integer NOT NULL,
	"announced_by" text NOT NULL,
	"announced_on" date NOT NULL,
	"source_url" text NOT NULL,
	"status" text NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"saved_by" text NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	CONSTRAINT "riksnorm_year_range" CHECK ("riksnorm_year"."year" between 2000 and 2100),
	CONSTRAINT "riksnorm_year_status" CHECK ("riksnorm_year"."status" in ('draft', 'published')),
	CONSTRAINT "riksnorm_year_published" CHECK (("riksnorm_year"."status" = 'published') = ("riksnorm_year"."published_at" is not null))
);
