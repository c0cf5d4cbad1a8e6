ALTER TABLE "categories" ADD COLUMN "requires_video" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "summary_max_length" integer DEFAULT 800 NOT NULL;