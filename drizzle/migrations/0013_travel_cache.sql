CREATE TABLE "travel_pairs" (
	"provider" text NOT NULL,
	"from_key" text NOT NULL,
	"to_key" text NOT NULL,
	"seconds" double precision,
	"metres" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "travel_pairs_provider_from_key_to_key_pk" PRIMARY KEY("provider","from_key","to_key"),
	CONSTRAINT "travel_pairs_non_negative" CHECK (("travel_pairs"."seconds" is null or "travel_pairs"."seconds" >= 0) and ("travel_pairs"."metres" is null or "travel_pairs"."metres" >= 0))
);
--> statement-breakpoint
CREATE INDEX "travel_pairs_created_idx" ON "travel_pairs" USING btree ("created_at");