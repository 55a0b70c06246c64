ALTER TABLE "teams" ADD COLUMN "complaint_phone" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "complaint_url" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;