CREATE TABLE "outbox_published" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"type" text NOT NULL,
	"correlation_id" text NOT NULL,
	"causation_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "correlation_id" text;--> statement-breakpoint
ALTER TABLE "inbox" ADD COLUMN "message_type" text;--> statement-breakpoint
CREATE INDEX "outbox_published_correlation_id_idx" ON "outbox_published" USING btree ("correlation_id");--> statement-breakpoint
CREATE INDEX "outbox_published_published_at_idx" ON "outbox_published" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "inbox_correlation_id_idx" ON "inbox" USING btree ("correlation_id");